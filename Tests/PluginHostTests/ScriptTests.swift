import Foundation
import LuaKit
import MicrosoftCloud
import PluginHost
import StepwiseTesting
import Testing

@Suite("Scripts and sign-in configuration (the core of stepwise lua --twin)")
struct ScriptTests {
    @Test("a host built from a twin's info file runs a chunk against it and prints JSON")
    func twinScript() async throws {
        let (printed, several, refused, tenant) = try await TwinFixture.with { twin in
            try await blocking {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("twin-info-\(UUID().uuidString).json")
                try twin.infoJSON.write(to: file)
                defer { try? FileManager.default.removeItem(at: file) }
                let connection = try TwinConnection.load(infoFile: file.path)
                let session = try HostConfiguration.session(.twin(connection))
                let host = try PluginHost(session: session, options: PluginHostOptions(
                    pluginPaths: [HostHarness.plugins], secretStore: InMemorySecretStore()))
                let environment = HostConfiguration.twinEnvironment(connection, name: "prod")
                let printed = try host.jsonText(of: try host.runScript(
                    "return graph.get('/organization').value[1].id", name: "=(command line)", environment: environment))
                let several = try host.jsonText(of: try host.runScript(
                    "return dataverse.call('WhoAmI').UserId ~= nil, require('lib.odata').is_guid(oauth.tenant_id('\(connection.tenantDomain)'))",
                    name: "=(command line)", environment: environment))
                var refused = ""
                do {
                    _ = try host.runScript("return graph.post('/applications', { displayName = 'x' })", name: "=(command line)", environment: environment)
                } catch let error as LuaError {
                    refused = error.message
                }
                return (printed, several, refused, connection.tenantId)
            }
        }
        #expect(printed == "\"\(tenant)\"")
        #expect(several == "[true,true]")
        #expect(refused.contains("graph.post refused (POST /applications): this script runs read-only"))
    }

    @Test("without a twin, the environment credential is required and named")
    func cloudSignIn() throws {
        let error = try #require(throws: CloudError.self) {
            try HostConfiguration.session(.cloud(CloudSignIn(cloud: "global", environment: ["AZURE_CLIENT_ID": "x"])))
        }
        #expect(error.code == .configInvalid)
        #expect(error.message.contains("AZURE_TENANT_ID, AZURE_CLIENT_SECRET"))
        let unknown = try #require(throws: CloudError.self) {
            try HostConfiguration.session(.cloud(CloudSignIn(cloud: "mars", environment: [:])))
        }
        #expect(unknown.code == .cloudUnknown)
        let session = try HostConfiguration.session(.cloud(CloudSignIn(
            cloud: "usgovhigh", environment: ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s3cr3t-value"])))
        #expect(session.profile.name == "usgovhigh")
    }

    @Test("script results print as JSON: views as data, placeholders as text, handles refused")
    func printing() throws {
        let host = try offlineHost(pluginPaths: [])
        #expect(try host.jsonText(of: []) == nil)
        #expect(try host.jsonText(of: [.integer(1), .string("a"), .null]) == #"[1,"a",null]"#)
        #expect(try host.jsonText(of: [try host.unknownValue("outputs.x.y")]) == #""(known after apply: outputs.x.y)""#)
    }
}
