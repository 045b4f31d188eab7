internal import CLuaShims

extension LuaState {
    /// The `json` module: `json.null`, `json.array(t)`, `json.encode(value)`, `json.decode(text)`.
    /// Sandboxes install it by default (see `LuaSandboxOptions.installsJSON`).
    public func jsonModule() throws -> LuaModule {
        if let module = cachedJSONModule { return module }
        stepwise_lua_push_slot(L, bootstrap.jsonArray)
        let array = makeRef(at: -1, kind: .function)
        stepwise_lua_pop(L, 1)
        let module = try makeModule(
            name: "json",
            functions: [
                "encode": { arguments in
                    do {
                        return [.string(LuaString(bytes: try arguments[1].jsonBytes()))]
                    } catch let error as LuaJSONError {
                        throw LuaArgumentError("json.encode: \(error.message)")
                    }
                },
                "decode": { arguments in
                    let text = try arguments.bytes(1, "text")
                    do {
                        return [try arguments.state.value(fromJSON: text)]
                    } catch let error as LuaJSONError {
                        throw LuaArgumentError("json.decode: \(error.message)")
                    }
                },
            ],
            values: ["null": .null, "array": .function(array)]
        )
        cachedJSONModule = module
        return module
    }
}
