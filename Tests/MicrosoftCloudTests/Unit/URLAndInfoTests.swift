import Foundation
import Testing

@testable import MicrosoftCloud

@Suite("URLs and twin info")
struct URLAndInfoTests {
    let base = URL(string: "https://graph.microsoft.com/v1.0")!

    @Test("paths join the base; spaces and plus signs in queries are encoded, OData syntax is kept")
    func paths() throws {
        let url = try APIURL.make(base: base, path: "/applications?$filter=displayName eq 'a+b'&$top=5", service: .graph)
        #expect(url.absoluteString == "https://graph.microsoft.com/v1.0/applications?$filter=displayName%20eq%20'a%2Bb'&$top=5")
        let key = try APIURL.make(base: base, path: "applications(appId='x')/addPassword", service: .graph)
        #expect(key.absoluteString == "https://graph.microsoft.com/v1.0/applications(appId='x')/addPassword")
        let preEncoded = try APIURL.make(base: base, path: "/x?$id=https%3A%2F%2Fa", service: .graph)
        #expect(preEncoded.absoluteString.hasSuffix("?$id=https%3A%2F%2Fa"))
        let absolute = try APIURL.make(base: base, path: "https://other.example/x", service: .graph)
        #expect(absolute.host == "other.example")
    }

    @Test("a joiner gives the URL and origin make would, for every path, also when a path comes again or tries to leave the host")
    func joinerMatchesMake() throws {
        let joiner = APIURLJoiner(base: base, service: .graph)
        let paths = [
            "/organization", "/organization", "applications?$filter=displayName eq 'a+b'", "/organization",
            "//evil.example/x", "/@evil.example", "/..//evil.example:444/x", "?x=//evil.example",
            "https://other.example:8443/x", "https://other.example:8443/x", "/organization",
        ]
        for path in paths {
            let target = try joiner.target(path)
            let made = try APIURL.make(base: base, path: path, service: .graph)
            #expect(target.url == made, "path \(path)")
            #expect(target.origin == Origin(made), "path \(path)")
            let expectedHost = path.hasPrefix("https://") ? "other.example" : "graph.microsoft.com"
            #expect(target.origin?.host == expectedHost, "path \(path)")
        }
        #expect(throws: CloudError.self) { try joiner.target("http://[::1/x") }
        // A refused path is not remembered in place of the last good one.
        #expect(try joiner.target("/organization").url.absoluteString == "https://graph.microsoft.com/v1.0/organization")
    }

    @Test("paths and queries are encoded byte for byte as Foundation's urlPathAllowed and urlQueryAllowed would")
    func encodingMatchesFoundation() throws {
        let path = CharacterSet.urlPathAllowed.union(CharacterSet(charactersIn: "%"))
        let query = CharacterSet.urlQueryAllowed.union(CharacterSet(charactersIn: "%")).subtracting(CharacterSet(charactersIn: "+"))
        // `%` is left out: it is kept for pre-encoded paths (tested above), and alone it makes no valid URL.
        let samples = (0x20..<0x7F).filter { $0 != 0x25 }.map { String(Character(Unicode.Scalar($0)!)) }
            + ["é", "名前", "😀", "a b", "\u{7F}", "\t"]
        for sample in samples {
            let url = try APIURL.make(base: base, path: "/p\(sample)q?x=\(sample)", service: .graph)
            let expectedPath = try #require(("/p\(sample)q").addingPercentEncoding(withAllowedCharacters: path))
            // The query starts at the first `?`; a `?` in the sample stays in the query as Foundation would keep it.
            let pathPart = sample == "?" ? "/p" : expectedPath
            let queryPart = sample == "?" ? "q?x=?" : try #require("x=\(sample)".addingPercentEncoding(withAllowedCharacters: query))
            #expect(url.absoluteString == "https://graph.microsoft.com/v1.0\(pathPart)?\(queryPart)", "sample \(sample.debugDescription)")
        }
    }

    @Test("the Dataverse record id comes from OData-EntityId")
    func entityId() {
        let id = DataverseClient.entityId(in: "https://x.crm.dynamics.com/api/data/v9.2/systemusers(5b2a1f33-2b5c-4c8e-9a0f-0f4a7d1b2c3d)")
        #expect(id == UUID(uuidString: "5b2a1f33-2b5c-4c8e-9a0f-0f4a7d1b2c3d"))
        #expect(DataverseClient.entityId(in: "https://x/api/data/v9.2/systemusers") == nil)
    }

    @Test("the twin's info JSON becomes a custom cloud with its orgs")
    func twinInfo() throws {
        let info = #"""
        {"tenant_id":"7d8c9f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6","tenant_domain":"contoso.onmicrosoft.com","cloud":"custom",
         "identity":"http://127.0.0.1:41001","graph":"http://127.0.0.1:41002","powerplatform":"http://127.0.0.1:41003",
         "orgs":{"stage":"http://127.0.0.1:41004","prod":"http://127.0.0.1:41005"},"environments":{"stage":"e1","prod":"e2"},
         "admin":{"client_id":"cid","client_secret":"sec"},"public_client_id":"pub","admin_user":"admin@contoso.onmicrosoft.com",
         "control":"http://127.0.0.1:41006","foreign":"http://127.0.0.1:41007"}
        """#
        let twin = try TwinConnection(infoJSON: Data(info.utf8))
        #expect(twin.profile.name == "custom")
        #expect(twin.profile.graph.description == "http://127.0.0.1:41002")
        #expect(twin.profile.graphBase.absoluteString == "http://127.0.0.1:41002/v1.0")
        #expect(try twin.profile.org("prod").port == 41005)
        #expect(twin.environments["stage"] == "e1")
        #expect(twin.adminCredential().clientId == "cid")
        #expect(twin.caFile == nil)
        let broken = try #require(throws: CloudError.self) { try TwinConnection(infoJSON: Data("{}".utf8)) }
        #expect(broken.code == .configInvalid)
    }
}
