import Foundation
import Testing

@testable import CloudTwin

@Suite("JSON values")
struct JSONTests {
    @Test func encodingIsCompactWithSortedKeysAndEscapes() {
        let value: JSON = ["b": 1, "a": ["x": nil, "y": [true, 1.5]], "s": "quote \" slash / tab \t nl \n bell \u{07} é"]
        #expect(value.encodedString == #"{"a":{"x":null,"y":[true,1.5]},"b":1,"s":"quote \" slash / tab \t nl \n bell \u0007 é"}"#)
    }

    @Test func parsingKeepsIntegersBooleansAndNulls() throws {
        let parsed = try #require(JSON.parse(Array(#"{"n":3,"d":2.5,"t":true,"z":null,"l":["x"]}"#.utf8)))
        #expect(parsed["n"] == .int(3))
        #expect(parsed["d"] == .double(2.5))
        #expect(parsed["t"] == .bool(true))
        #expect(parsed["z"] == .null)
        #expect(parsed["l"] == ["x"])
        #expect(JSON.parse(Array("{not json".utf8)) == nil)
        #expect(JSON.int(1) == JSON.double(1.0))
        #expect(JSON.bool(true) != JSON.int(1))
    }

    @Test func roundTripsThroughItsOwnEncoding() throws {
        let value: JSON = ["list": [1, "two", nil, ["three": 3.25]], "empty": [:], "unicode": "日本"]
        #expect(JSON.parse(value.encoded) == value)
    }
}

@Suite("OData")
struct ODataTests {
    let apps: [[String: JSON]] = [
        ["displayName": "Adobe Campaign Stage", "appId": "A1", "tags": ["x", "stepwise"], "n": 3],
        ["displayName": "adobe campaign prod", "appId": "A2", "tags": [], "n": 5],
        ["displayName": "Other", "appId": "A3", "tags": ["stepwise"], "n": nil],
    ]

    func names(_ filter: String) throws -> [String] {
        let parsed = try ODataFilter.parse(filter)
        return apps.filter(parsed.matches).compactMap { $0["displayName"]?.stringValue }
    }

    @Test func evaluatesTheDirectorySubset() throws {
        #expect(try names("displayName eq 'adobe campaign stage'") == ["Adobe Campaign Stage"])
        #expect(try names("startswith(displayName,'adobe')") == ["Adobe Campaign Stage", "adobe campaign prod"])
        #expect(try names("endsWith(displayName, 'PROD')") == ["adobe campaign prod"])
        #expect(try names("appId in ('A1','A3')") == ["Adobe Campaign Stage", "Other"])
        #expect(try names("tags/any(t:t eq 'stepwise') and not(appId eq 'A3')") == ["Adobe Campaign Stage"])
        #expect(try names("appId eq 'A2' or (n ge 3 and n lt 4)") == ["Adobe Campaign Stage", "adobe campaign prod"])
        #expect(try names("n eq null") == ["Other"])
        #expect(try names("displayName eq 'it''s'") == [])
    }

    @Test func reportsAdvancedOperatorsAndSyntaxErrors() throws {
        #expect(try ODataFilter.parse("endswith(displayName,'x')").advancedOperators == ["endsWith"])
        #expect(try ODataFilter.parse("not(appId eq 'x')").advancedOperators == ["not"])
        #expect(try ODataFilter.parse("appId ne 'x'").advancedOperators == ["ne"])
        #expect(try ODataFilter.parse("appId eq 'x'").advancedOperators.isEmpty)
        for bad in ["displayName eq", "displayName eq 'open", "(appId eq 'x'", "appId like 'x'", "eq 'x'"] {
            #expect(throws: ODataFilter.SyntaxError.self) { try ODataFilter.parse(bad) }
        }
    }

    @Test func parsesKeySegments() throws {
        #expect(ODataSegment("applications(appId='x')")?.keys == ["appId": "x"])
        #expect(ODataSegment("applications(uniqueName='it''s')")?.keys == ["uniqueName": "it's"])
        #expect(ODataSegment("systemusers(00000000-0000-0000-0000-000000000001)")?.key == "00000000-0000-0000-0000-000000000001")
        #expect(ODataSegment("applications")?.keys == [:])
        #expect(ODataSegment("applications(appId='x'") == nil)
    }

    @Test func secretsAreShapedLikeEntrasAndHostileEveryOtherTime() {
        for sequence in 0..<6 {
            let secret = SecretGenerator.make(sequence: sequence)
            #expect(secret.count == 40)
            #expect(String(Array(secret)[3...5]) == "8Q~")
            #expect("~._-".allSatisfy { secret.contains($0) })
            #expect(secret.contains { "+@[]:%&=".contains($0) } == (sequence % 2 == 0))
        }
    }
}
