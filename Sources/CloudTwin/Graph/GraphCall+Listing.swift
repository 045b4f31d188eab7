import Foundation

extension GraphCall {
    /// True when the request carries the advanced-query header `ConsistencyLevel: eventual`.
    var hasEventualConsistency: Bool {
        request.header("consistencylevel")?.lowercased() == "eventual"
    }

    /// A collection response with Graph's query options: `$filter`, `$search`, `$orderby`, `$count`, `$select`,
    /// `$top` and `$skiptoken` paging with an absolute `@odata.nextLink`.
    func list(_ objects: [[String: JSON]], resource: GraphResource) -> TwinResponse {
        let countRequested = request.queryValue("$count")?.lowercased() == "true"
        let advanced = hasEventualConsistency && countRequested
        var items = objects

        if let search = request.queryValue("$search") {
            guard hasEventualConsistency else {
                return error(
                    400, "Request_UnsupportedQuery",
                    "Request with $search query parameter only works through MSGraph with a special request header: "
                        + "'ConsistencyLevel: eventual'")
            }
            let terms = search.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let parts = terms.split(separator: ":", maxSplits: 1).map(String.init)
            let (property, word) = parts.count == 2 ? (parts[0], parts[1].lowercased()) : ("displayName", terms.lowercased())
            items = items.filter { ($0[property]?.stringValue?.lowercased() ?? "").contains(word) }
        }

        if let text = request.queryValue("$filter") {
            let filter: ODataFilter
            do { filter = try ODataFilter.parse(text) } catch let problem { return error(400, "BadRequest", problem.message) }
            if let message = resource.unsupportedClause(in: filter) { return error(400, "Request_UnsupportedQuery", message) }
            if let operation = filter.advancedOperators.first, !advanced {
                return error(
                    400, "Request_UnsupportedQuery",
                    "Operator '\(operation)' is not supported because the required parameters might be missing. Try "
                        + "adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to "
                        + "https://aka.ms/graph-docs/advanced-queries for more information")
            }
            items = items.filter(filter.matches)
        }

        if let orderBy = request.queryValue("$orderby") {
            let parts = orderBy.split(separator: " ").map(String.init)
            guard let property = parts.first, resource.sortable.contains(property) else {
                return error(400, "Request_UnsupportedQuery", "Sorting not supported for '\(orderBy)'.")
            }
            guard advanced else {
                return error(
                    400, "Request_UnsupportedQuery",
                    "Sorting on '\(property)' is only supported with the ConsistencyLevel:eventual header and $count=true.")
            }
            let descending = parts.count > 1 && parts[1].lowercased() == "desc"
            items.sort {
                let order = ($0[property]?.stringValue ?? "").compare($1[property]?.stringValue ?? "", options: .caseInsensitive)
                return descending ? order == .orderedDescending : order == .orderedAscending
            }
        }

        var pageSize = resource.defaultPageSize
        if let top = request.queryValue("$top") {
            guard let value = Int(top), (1...resource.maximumPageSize).contains(value) else {
                return error(
                    400, "Request_BadRequest",
                    "Invalid page size specified: '\(top)'. Must be between 1 and \(resource.maximumPageSize) inclusive.")
            }
            pageSize = value
        }
        var offset = 0
        if let token = request.queryValue("$skiptoken") {
            guard let decoded = Self.decodeSkipToken(token) else {
                return error(400, "Request_BadRequest", "The specified page token value has expired and can no longer be included in your request.")
            }
            offset = decoded
        }

        let selection: [String]?
        switch selectedProperties(resource) {
        case .success(let value): selection = value
        case .failure(let response): return response
        }

        let total = items.count
        let page = Array(items.dropFirst(offset).prefix(pageSize))
        var body: [String: JSON] = [
            "@odata.context": .string(contextURL(resource.entitySet, selection: selection, entity: false)),
            "value": .array(page.map { .object(Self.project($0, selection)) }),
        ]
        if advanced, offset == 0 { body["@odata.count"] = .int(total) }
        if offset + page.count < total {
            body["@odata.nextLink"] = .string(nextLink(offset: offset + page.count))
        }
        return ok(.object(body))
    }

    /// `GET /{entitySet}/$count` (advanced queries only).
    func count(_ objects: [[String: JSON]]) -> TwinResponse {
        guard hasEventualConsistency else { return error(400, "Request_BadRequest", "$count is not currently supported.") }
        return TwinResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array(String(objects.count).utf8))
    }

    /// The `$select` list, or nil; 400 for a property the type does not have.
    func selectedProperties(_ resource: GraphResource) -> Result<[String]?, TwinResponse> {
        guard let text = request.queryValue("$select") else { return .success(nil) }
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for name in names where !resource.properties.contains(name) {
            return .failure(
                error(400, "Request_BadRequest", "Could not find a property named '\(name)' on type '\(resource.odataType)'."))
        }
        return .success(names)
    }

    /// A single object response (`$select` honoured).
    func entity(_ object: [String: JSON], resource: GraphResource) -> TwinResponse {
        switch selectedProperties(resource) {
        case .failure(let response): return response
        case .success(let selection):
            var body = Self.project(object, selection)
            body["@odata.context"] = .string(contextURL(resource.entitySet, selection: selection, entity: true))
            return ok(.object(body))
        }
    }

    func contextURL(_ entitySet: String, selection: [String]?, entity: Bool) -> String {
        var context = "\(request.origin)/v1.0/$metadata#\(entitySet)"
        if let selection { context += "(\(selection.joined(separator: ",")))" }
        if entity { context += "/$entity" }
        return context
    }

    static func project(_ object: [String: JSON], _ selection: [String]?) -> [String: JSON] {
        guard let selection else { return object }
        var projected: [String: JSON] = [:]
        for name in selection { projected[name] = object[name] ?? .null }
        return projected
    }

    private func nextLink(offset: Int) -> String {
        var items = request.queryItems.filter { $0.name != "$skiptoken" }
        items.append(("$skiptoken", Self.encodeSkipToken(offset)))
        let query = items.map { "\(FormEncoding.escape($0.name).replacingOccurrences(of: "%24", with: "$"))=\(FormEncoding.escape($0.value))" }
        return "\(request.origin)\(request.path)?\(query.joined(separator: "&"))"
    }

    static func encodeSkipToken(_ offset: Int) -> String {
        "RFNwdAIAAQAAA" + Base64URL.encode(Array("twin:offset:\(offset)".utf8))
    }

    static func decodeSkipToken(_ token: String) -> Int? {
        guard token.hasPrefix("RFNwdAIAAQAAA"), let bytes = Base64URL.decode(token.dropFirst(13)) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix("twin:offset:") else { return nil }
        return Int(text.dropFirst(12)).flatMap { $0 >= 0 ? $0 : nil }
    }
}
