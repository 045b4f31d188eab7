import Testing

@testable import RunbookEngine

/// Where messages point: the line of a step's `id`, of a key, of a quoted string.
@Suite struct SourceTextTests {
    let source = SourceText(file: "runbooks/x.lua", text: """
        -- id = "app" in a comment does not count
        local grid = { hid = "app" }
        steps = {
          { id = 'tenant', plugin = "entra.tenant" },
          {
            id  =  "app",
            plugin = "entra.app_registration",
            params = { display_name = "adobe ${env}", ["odd key"] = 1, same == 2 },
          },
        }
        """)

    @Test func stepIdsKeysAndStringsAreFoundOnTheirLine() {
        #expect(source.line(ofStep: "tenant") == 4)
        #expect(source.line(ofStep: "app") == 6)
        #expect(source.line(ofStep: "missing") == nil)
        #expect(source.line(ofKey: "plugin", from: 5) == 7)
        #expect(source.line(ofKey: "display_name") == 8)
        #expect(source.line(ofKey: "odd key") == 8)
        #expect(source.line(ofKey: "same") == nil)
        #expect(source.line(ofKey: "name") == nil)
        #expect(source.line(ofString: "entra.app_registration") == 7)
        #expect(source.line(ofString: "adobe ${env}") == 8)
        #expect(source.line(ofString: "adobe") == nil)
    }
}
