import Foundation

/// Server-driven paging skip tokens in the Web API's shape:
/// `<cookie pagenumber="2" pagingcookie="..." istracking="False" />`, where the paging cookie (percent-encoded
/// twice, as Dataverse does) names the first and last primary key of the previous page.
enum DataversePaging {
    /// The skip token for the page after one that ended with `last`.
    static func skipToken(page: Int, entity: DataverseEntity, first: [String: JSON], last: [String: JSON]) -> String {
        let firstId = first[entity.primaryId]?.stringValue ?? ""
        let lastId = last[entity.primaryId]?.stringValue ?? ""
        let cookie =
            "<cookie page=\"\(page - 1)\"><\(entity.primaryId) last=\"{\(lastId.uppercased())}\" "
            + "first=\"{\(firstId.uppercased())}\" /></cookie>"
        return "<cookie pagenumber=\"\(page)\" pagingcookie=\"\(escape(escape(cookie)))\" istracking=\"False\" />"
    }

    /// The offset of the page a skip token asks for: the row after the cookie's `last` key.
    static func offset(
        of token: String?, in rows: [[String: JSON]], entity: DataverseEntity, pageSize: Int
    ) -> Result<Int, TwinResponse> {
        guard let token else { return .success(0) }
        guard let page = attribute("pagenumber", in: token).flatMap(Int.init), page >= 1,
            let encodedCookie = attribute("pagingcookie", in: token)
        else {
            return .failure(DataverseError.invalidArgument("The $skiptoken '\(token)' is not a valid paging cookie."))
        }
        let cookie = encodedCookie.removingPercentEncoding?.removingPercentEncoding ?? encodedCookie
        if let last = attribute("last", in: cookie)?.trimmingCharacters(in: CharacterSet(charactersIn: "{}")),
            let index = rows.firstIndex(where: { ($0[entity.primaryId]?.stringValue ?? "").caseInsensitiveCompare(last) == .orderedSame })
        {
            return .success(index + 1)
        }
        return .success((page - 1) * pageSize)
    }

    /// The value of `name="..."` in a cookie.
    private static func attribute(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "\(name)=\"") else { return nil }
        let rest = text[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    private static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~{}")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
