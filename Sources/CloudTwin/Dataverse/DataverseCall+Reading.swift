import Foundation

extension DataverseCall {
    /// This call's org in `state`.
    func org(_ state: TwinState) -> DataverseOrg { state.orgs[orgName]! }

    /// Rows per page without `Prefer: odata.maxpagesize` (the Web API's default).
    static let defaultPageSize = 5000

    /// `GET entityset`: filter, order, count, `$top` or `odata.maxpagesize` paging with an absolute `@odata.nextLink`.
    func list(_ entity: DataverseEntity, state: TwinState) -> TwinResponse {
        if let denied = authorize(.read, "Read", entity) { return denied }
        let query: DataverseQuery
        do { query = try DataverseQuery.parse(request.queryItems, entity: entity) } catch { return error }
        let org = self.org(state)
        let rows = select(org[entity.entitySet].all, entity: entity, query: query, org: org)
        var body: [String: JSON] = ["@odata.context": .string(contextURL(entity, query: query, entity: false))]
        if query.count { body["@odata.count"] = .int(min(rows.count, 5000)) }
        var applied: [String] = []
        var page = rows
        if let top = query.top {
            page = Array(rows.prefix(top))
        } else {
            let size = preferences.maxPageSize ?? Self.defaultPageSize
            if preferences.maxPageSize != nil { applied.append("odata.maxpagesize=\(size)") }
            let offset: Int
            switch DataversePaging.offset(of: query.skipToken, in: rows, entity: entity, pageSize: size) {
            case .success(let value): offset = value
            case .failure(let response): return response
            }
            page = Array(rows.dropFirst(offset).prefix(size))
            if offset + page.count < rows.count, let last = page.last {
                let token = DataversePaging.skipToken(
                    page: offset / size + 2, entity: entity, first: page.first ?? last, last: last)
                body["@odata.nextLink"] = .string(nextLink(skipToken: token))
            }
        }
        body["value"] = .array(page.map { .object(render($0, entity: entity, query: query, org: org)) })
        return ok(.object(body), headers: preferenceApplied(applied))
    }

    /// `GET entityset(id)`: the row with `ETag`; `If-None-Match` with the current etag gives 304.
    func retrieve(_ entity: DataverseEntity, id: String, state: TwinState) -> TwinResponse {
        if let denied = authorize(.read, "Read", entity) { return denied }
        let query: DataverseQuery
        do { query = try DataverseQuery.parse(request.queryItems, entity: entity) } catch { return error }
        let org = self.org(state)
        guard let record = org[entity.entitySet][id] else { return DataverseError.notFound(entity: entity.logicalName, id: id) }
        let etag = DataverseOrg.etag(of: record)
        if let condition = request.header("if-none-match"), condition != "null",
            condition.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag })
        {
            return .empty(304, headers: [("ETag", etag), ("OData-Version", "4.0")])
        }
        var body = render(record, entity: entity, query: query, org: org)
        body["@odata.context"] = .string(contextURL(entity, query: query, entity: true))
        return ok(.object(body), headers: [("ETag", etag)] + preferenceApplied([]))
    }

    /// Filters and orders rows; attaches nothing to the returned rows.
    func select(
        _ rows: [[String: JSON]], entity: DataverseEntity, query: DataverseQuery, org: DataverseOrg
    ) -> [[String: JSON]] {
        var rows = rows
        if let filter = query.filter {
            rows = rows.filter { row in
                var candidate = row
                for navigation in filter.collections {
                    guard let relationship = entity.manyToMany[navigation],
                        let id = row[entity.primaryId]?.stringValue
                    else { continue }
                    let related = org.relatedIds(of: id, through: relationship).compactMap {
                        org[relationship.targetEntitySet][$0]
                    }
                    candidate[navigation] = .array(related.map(JSON.object))
                }
                return filter.matches(candidate)
            }
        }
        if !query.orderBy.isEmpty {
            rows.sort { left, right in
                for key in query.orderBy {
                    let order = Self.compare(left[key.property] ?? .null, right[key.property] ?? .null)
                    if order == .orderedSame { continue }
                    return key.descending ? order == .orderedDescending : order == .orderedAscending
                }
                return false
            }
        }
        return rows
    }

    /// SQL-like ordering: nulls first, strings case-insensitively, numbers and booleans by value.
    static func compare(_ left: JSON, _ right: JSON) -> ComparisonResult {
        switch (left, right) {
        case (.null, .null): return .orderedSame
        case (.null, _): return .orderedAscending
        case (_, .null): return .orderedDescending
        case (.string(let a), .string(let b)): return a.compare(b, options: .caseInsensitive)
        case (.bool(let a), .bool(let b)): return a == b ? .orderedSame : (a ? .orderedDescending : .orderedAscending)
        default:
            let a = left.doubleValue ?? 0
            let b = right.doubleValue ?? 0
            return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
        }
    }

    /// A row as the Web API returns it: `@odata.etag`, the selected columns (the primary key always), annotations
    /// when asked for, expansions.
    func render(
        _ record: [String: JSON], entity: DataverseEntity, query: DataverseQuery, org: DataverseOrg
    ) -> [String: JSON] {
        var body: [String: JSON] = ["@odata.etag": .string(DataverseOrg.etag(of: record))]
        if let selection = query.select {
            for name in selection + [entity.primaryId] { body[name] = record[name] ?? .null }
        } else {
            for name in entity.readableProperties { body[name] = .null }
            for (name, value) in record { body[name] = value }
            body["versionnumber"] = .int(DataverseOrg.version(of: record))
        }
        annotations.annotate(&body, entity: entity, org: org)
        for expansion in query.expand {
            body[expansion.navigation] = expand(expansion, from: record, entity: entity, org: org)
        }
        return body
    }

    private func expand(
        _ expansion: DataverseQuery.Expansion, from record: [String: JSON], entity: DataverseEntity, org: DataverseOrg
    ) -> JSON {
        if let relationship = entity.manyToMany[expansion.navigation],
            let target = DataverseEntity.catalog[relationship.targetEntitySet]
        {
            let id = record[entity.primaryId]?.stringValue ?? ""
            let related = org.relatedIds(of: id, through: relationship).compactMap { org[target.entitySet][$0] }
            var rows = select(related, entity: target, query: expansion.query, org: org)
            if let top = expansion.query.top { rows = Array(rows.prefix(top)) }
            return .array(rows.map { .object(render($0, entity: target, query: expansion.query, org: org)) })
        }
        let value = record[DataverseEntity.lookupValueName(expansion.navigation)]?.stringValue
        for targetSet in entity.lookups[expansion.navigation] ?? [] {
            guard let value, let target = DataverseEntity.catalog[targetSet], let row = org[targetSet][value] else { continue }
            return .object(render(row, entity: target, query: expansion.query, org: org))
        }
        return .null
    }

    /// `$metadata#systemusers(a,b,nav(c))` or with `/$entity` for a single row.
    func contextURL(_ entity: DataverseEntity, query: DataverseQuery, entity single: Bool) -> String {
        var context = "\(apiBase)/$metadata#\(entity.entitySet)"
        let shape = Self.shape(of: query)
        if !shape.isEmpty { context += "(\(shape))" }
        return single ? context + "/$entity" : context
    }

    private static func shape(of query: DataverseQuery) -> String {
        var parts = query.select ?? []
        for expansion in query.expand { parts.append("\(expansion.navigation)(\(shape(of: expansion.query)))") }
        return parts.joined(separator: ",")
    }

    /// The current URL with `$skiptoken` replaced, absolute on the org origin.
    private func nextLink(skipToken: String) -> String {
        var items = request.queryItems.filter { $0.name != "$skiptoken" }
        items.append(("$skiptoken", skipToken))
        let query = items.map { item in
            "\(FormEncoding.escape(item.name).replacingOccurrences(of: "%24", with: "$"))=\(FormEncoding.escape(item.value))"
        }
        return "\(request.origin)\(request.path)?\(query.joined(separator: "&"))"
    }

    /// `GET row/nav`: the related rows of an N:N relationship, with the usual query options.
    func relatedRows(_ entity: DataverseEntity, id: String, navigation: String, state: TwinState) -> TwinResponse {
        let org = self.org(state)
        guard let relationship = entity.manyToMany[navigation], let target = DataverseEntity.catalog[relationship.targetEntitySet]
        else { return DataverseError.unknownSegment(navigation) }
        if let denied = authorize(.read, "Read", target) { return denied }
        guard org[entity.entitySet][id] != nil else { return DataverseError.notFound(entity: entity.logicalName, id: id) }
        let query: DataverseQuery
        do { query = try DataverseQuery.parse(request.queryItems, entity: target) } catch { return error }
        let related = org.relatedIds(of: id, through: relationship).compactMap { org[target.entitySet][$0] }
        var rows = select(related, entity: target, query: query, org: org)
        if let top = query.top { rows = Array(rows.prefix(top)) }
        return ok(
            [
                "@odata.context": .string(contextURL(target, query: query, entity: false)),
                "value": .array(rows.map { .object(render($0, entity: target, query: query, org: org)) }),
            ], headers: preferenceApplied([]))
    }

    /// `GET row/column`: `{"@odata.context": ..., "value": ...}`; 204 when the value is null.
    func propertyValue(_ entity: DataverseEntity, id: String, property: String, state: TwinState) -> TwinResponse {
        if let denied = authorize(.read, "Read", entity) { return denied }
        guard let record = org(state)[entity.entitySet][id] else {
            return DataverseError.notFound(entity: entity.logicalName, id: id)
        }
        let column = entity.lookups[property] != nil ? DataverseEntity.lookupValueName(property) : property
        let value = record[column] ?? .null
        if value.isNull { return .empty(204, headers: [("OData-Version", "4.0")]) }
        return ok([
            "@odata.context": .string("\(apiBase)/$metadata#\(entity.entitySet)(\(id))/\(property)"), "value": value,
        ])
    }

    /// `GET row/column/$value`: the raw value (image bytes as `application/octet-stream`).
    func propertyRawValue(_ entity: DataverseEntity, id: String, column: String, state: TwinState) -> TwinResponse {
        if let denied = authorize(.read, "Read", entity) { return denied }
        guard let record = org(state)[entity.entitySet][id] else {
            return DataverseError.notFound(entity: entity.logicalName, id: id)
        }
        let value = record[column] ?? .null
        if value.isNull { return .empty(204, headers: [("OData-Version", "4.0")]) }
        if entity.columns[column]?.type == .image, let text = value.stringValue, let bytes = Data(base64Encoded: text) {
            return TwinResponse(
                status: 200, headers: [("Content-Type", "application/octet-stream"), ("OData-Version", "4.0")],
                body: Array(bytes))
        }
        let text: String
        switch value {
        case .string(let string): text = string
        default: text = value.encodedString
        }
        return TwinResponse(
            status: 200, headers: [("Content-Type", "text/plain"), ("OData-Version", "4.0")], body: Array(text.utf8))
    }
}
