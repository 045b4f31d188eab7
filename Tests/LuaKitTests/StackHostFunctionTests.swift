import LuaKit
import Testing

@Suite("Host functions that push their own results")
struct StackHostFunctionTests {
    /// A module with `answer(json, status)`: the document read from JSON, then a table `{ status = status }`;
    /// `fail_after(json)` pushes the document and then throws.
    func module(_ lua: Lua) throws -> LuaModule {
        try lua.state.makeModule(
            name: "stack", functions: ["plain": { _ in ["plain"] }],
            stackFunctions: [
                "answer": { arguments, results in
                    let text = try arguments.string(1, "json")
                    let status = try arguments.integer(2, "status")
                    try Array(text.utf8).withUnsafeBytes { try results.pushJSON($0, nullAsNil: true) }
                    #expect(results.count == 1)
                    try results.pushTable(fields: 1) { (table: borrowing LuaTableBuilder) throws(LuaError) in
                        table.set("status", Int(status))
                    }
                    #expect(results.count == 2)
                },
                "fail_after": { arguments, results in
                    try Array(try arguments.string(1, "json").utf8).withUnsafeBytes { try results.pushJSON($0) }
                    throw LuaArgumentError("stack.fail_after: refused after pushing")
                },
            ])
    }

    @Test("results arrive in order: the document read from JSON, then a table; a plain function beside them still works")
    func resultsInOrder() throws {
        let lua = try Lua()
        try lua.sandbox.install(try module(lua))
        let results = try lua.run("""
            local body, response = stack.answer('{"value":[{"id":"a"},{"id":"b"}],"n":null}', 201)
            return #body.value, body.value[2].id, body.n ~= nil, response.status, select('#', stack.answer('1', 1)), stack.plain()
            """)
        #expect(results == [2, "b", true, 201, 2, "plain"])
        #expect(lua.state.stackTop == 0)
    }

    @Test("a document that is JSON null arrives as nil with nullAsNil")
    func nullBecomesNil() throws {
        let lua = try Lua()
        try lua.sandbox.install(try module(lua))
        #expect(try lua.run("local body, response = stack.answer('null', 204) return body == nil, response.status") == [true, 204])
    }

    @Test("what a function pushed before it threw is dropped: Lua sees only the error, and the stack is as before")
    func partialResultsAreDropped() throws {
        let lua = try Lua()
        try lua.sandbox.install(try module(lua))
        #expect(try lua.run("""
            local ok, message = pcall(stack.fail_after, '{"a":[1,2,3]}')
            return ok, message, select('#', pcall(stack.fail_after, '[]'))
            """) == [false, "stack.fail_after: refused after pushing", 2])
        let error = try #require(lua.failure("local x, y = stack.answer('{broken', 1)"))
        #expect(error.message.contains("invalid JSON"))
        #expect(try lua.run("return stack.answer('[7]', 3)[1]") == [7])
    }
}
