import Foundation

/// Instance annotations sent with `Prefer: odata.include-annotations="..."`: formatted values, lookup details on rows,
/// and the `@Microsoft.PowerApps.CDS.*` details on errors.
struct DataverseAnnotations {
    static let formattedValue = "OData.Community.Display.V1.FormattedValue"
    static let lookupLogicalName = "Microsoft.Dynamics.CRM.lookuplogicalname"
    static let navigationProperty = "Microsoft.Dynamics.CRM.associatednavigationproperty"

    /// The annotation filter as sent (`*`, `Microsoft.Dynamics.CRM.*`, a single name).
    let pattern: String?

    init(preferences: DataversePreferences) {
        pattern = preferences.values["odata.include-annotations"]
    }

    /// The `Preference-Applied` value, when annotations were asked for.
    var applied: String? { pattern.map { "odata.include-annotations=\"\($0)\"" } }

    /// True when the request asked for annotations named `name`.
    func includes(_ name: String) -> Bool {
        guard let pattern else { return false }
        return pattern.split(separator: ",").contains { part in
            let wanted = part.trimmingCharacters(in: .whitespaces)
            if wanted == "*" || wanted == name { return true }
            return wanted.hasSuffix(".*") && name.hasPrefix(String(wanted.dropLast(1)))
        }
    }

    /// Adds the annotations of the columns present in a rendered row.
    func annotate(_ body: inout [String: JSON], entity: DataverseEntity, org: DataverseOrg) {
        guard pattern != nil else { return }
        for (name, value) in body where !name.contains("@") && !value.isNull {
            if let navigation = entity.navigation(forLookupValue: name), let id = value.stringValue {
                let targets = entity.lookups[navigation] ?? []
                let target = targets.lazy.compactMap { DataverseEntity.catalog[$0] }.first { org[$0.entitySet][id] != nil }
                if includes(Self.formattedValue), let target, let label = org[target.entitySet][id]?[target.primaryName] {
                    body["\(name)@\(Self.formattedValue)"] = label
                }
                if includes(Self.navigationProperty) { body["\(name)@\(Self.navigationProperty)"] = .string(navigation) }
                if includes(Self.lookupLogicalName), let target {
                    body["\(name)@\(Self.lookupLogicalName)"] = .string(target.logicalName)
                }
            } else if includes(Self.formattedValue), let label = Self.label(of: value, column: name, entity: entity) {
                body["\(name)@\(Self.formattedValue)"] = .string(label)
            }
        }
    }

    /// Display labels of booleans and of the option sets the twin knows.
    private static func label(of value: JSON, column: String, entity: DataverseEntity) -> String? {
        if let flag = value.boolValue { return flag ? "Yes" : "No" }
        guard let number = value.intValue else { return nil }
        let labels: [String: [Int: String]] =
            switch entity.logicalName {
            case "workflow":
                [
                    "statecode": [0: "Draft", 1: "Activated", 2: "Suspended"],
                    "statuscode": [1: "Draft", 2: "Activated", 3: "CompanyDLPViolation"],
                    "type": [1: "Definition", 2: "Activation", 3: "Template"],
                    "category": [0: "Workflow", 1: "Dialog", 2: "Business Rule", 3: "Action", 4: "Business Process Flow",
                                 5: "Modern Flow", 6: "Desktop Flow", 7: "AI Flow"],
                ]
            case "systemuser":
                ["accessmode": [0: "Read-Write", 1: "Administrative", 2: "Read", 3: "Support User", 4: "Non-interactive",
                                5: "Delegated Admin"]]
            case "team":
                ["teamtype": [0: "Owner", 1: "Access", 2: "Security Group", 3: "Office Group"]]
            default:
                [:]
            }
        return labels[column]?[number]
    }

    /// Adds the `@Microsoft.PowerApps.CDS.*` details to a Dataverse error body with a hex code.
    func annotateError(_ response: inout TwinResponse) {
        guard includes("Microsoft.PowerApps.CDS.ErrorDetails.OperationStatus") || includes("Microsoft.PowerApps.CDS.HelpLink"),
            response.status >= 400, var body = response.jsonBody?.objectValue, var error = body["error"]?.objectValue,
            let code = error["code"]?.stringValue, code.hasPrefix("0x"), let message = error["message"]?.stringValue
        else { return }
        let hex = String(code.dropFirst(2))
        error["@Microsoft.PowerApps.CDS.ErrorDetails.OperationStatus"] = "0"
        error["@Microsoft.PowerApps.CDS.HelpLink"] = .string(
            "http://go.microsoft.com/fwlink/?LinkID=398563&error=Microsoft.Crm.CrmException%3a\(hex)&client=platform")
        error["@Microsoft.PowerApps.CDS.InnerError.Message"] = .string(message)
        body["error"] = .object(error)
        response.body = JSON.object(body).encoded
    }
}
