import Foundation

/// Unbound functions and metadata: `WhoAmI`, `RetrieveCurrentOrganization`, `EntityDefinitions`, the service document.
extension DataverseCall {
    /// `GET WhoAmI` / `WhoAmI()`: the calling user, its business unit and the organization.
    func whoAmI(org: DataverseOrg) -> TwinResponse {
        ok([
            "@odata.context": .string("\(apiBase)/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse"),
            "BusinessUnitId": .string(principal.businessUnitId), "UserId": .string(principal.userId),
            "OrganizationId": .string(org.organizationId.lowercased()),
        ])
    }

    /// The endpoint access types `RetrieveCurrentOrganization` accepts.
    private static let accessTypes = ["Default", "Internet", "Intranet"]

    /// `GET RetrieveCurrentOrganization(AccessType=@p1)?@p1=Microsoft.Dynamics.CRM.EndpointAccessType'Default'`
    /// (or the literal inline): the org's details, including the Power Platform environment id.
    func retrieveCurrentOrganization(_ segment: String, state: TwinState) -> TwinResponse {
        if let denied = principal.check(.read, privilege: "prvReadOrganization", entity: nil) { return denied }
        guard let parsed = ODataSegment(segment), var argument = parsed.keys["AccessType"] else {
            return DataverseError.odata(
                "The parameter 'AccessType' of the function 'Microsoft.Dynamics.CRM.RetrieveCurrentOrganization' is missing.")
        }
        if argument.hasPrefix("@") {
            guard let aliased = request.queryValue(argument) else {
                return DataverseError.odata("The parameter alias '\(argument)' is not specified in the query.")
            }
            argument = aliased
        }
        let prefix = "Microsoft.Dynamics.CRM.EndpointAccessType'"
        let literal = argument.hasPrefix(prefix) && argument.hasSuffix("'") ? String(argument.dropFirst(prefix.count).dropLast()) : ""
        guard Self.accessTypes.contains(literal) || ["0", "1", "2"].contains(literal) else {
            return DataverseError.odata(
                "The value '\(argument)' is not a valid Microsoft.Dynamics.CRM.EndpointAccessType; use "
                    + "Microsoft.Dynamics.CRM.EndpointAccessType'Default'.")
        }
        let org = self.org(state)
        let origin = request.origin
        let detail: JSON = [
            "OrganizationId": .string(org.organizationId.lowercased()), "FriendlyName": .string(org.friendlyName),
            "OrganizationVersion": .string(org.version), "EnvironmentId": .string(org.environmentId.lowercased()),
            "DatacenterId": .string(DataverseIDs.derived("datacenter:\(state.tenant.regionScope)")),
            "Geo": .string(state.tenant.regionScope), "TenantId": .string(state.tenant.id.lowercased()),
            "UrlName": .string(org.uniqueName), "UniqueName": .string(org.uniqueName),
            "Endpoints": [
                "Count": 3, "IsReadOnly": false,
                "Keys": ["WebApplication", "OrganizationService", "OrganizationDataService"],
                "Values": [
                    .string("\(origin)/"), .string("\(origin)/XRMServices/2011/Organization.svc"),
                    .string("\(origin)/XRMServices/2011/OrganizationData.svc"),
                ],
            ],
            "State": "Enabled", "OrganizationType": "Customer", "SchemaType": "Standard",
        ]
        return ok([
            "@odata.context": .string("\(apiBase)/$metadata#Microsoft.Dynamics.CRM.RetrieveCurrentOrganizationResponse"),
            "Detail": detail,
        ])
    }

    /// `GET EntityDefinitions(LogicalName='systemuser')?$select=...` or the collection with `$filter`.
    func entityDefinitions(_ path: [String]) -> TwinResponse {
        if let denied = principal.check(.read, privilege: "prvReadEntity", entity: nil) { return denied }
        guard path.count == 1 else { return DataverseError.unknownSegment(path[1]) }
        let properties = Self.metadataProperties
        var selection: [String]?
        if let text = request.queryValue("$select") {
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if let unknown = names.first(where: { !properties.contains($0) }) {
                return DataverseError.odata(
                    "Could not find a property named '\(unknown)' on type 'Microsoft.Dynamics.CRM.EntityMetadata'.")
            }
            selection = names
        }
        var context = "\(apiBase)/$metadata#EntityDefinitions"
        if let selection { context += "(\(selection.joined(separator: ",")))" }
        if path[0] == "EntityDefinitions" {
            var rows = DataverseEntity.catalog.values.sorted { $0.logicalName < $1.logicalName }.map(Self.metadata)
            if let text = request.queryValue("$filter") {
                let filter: ODataFilter
                do { filter = try ODataFilter.parse(text) } catch { return DataverseError.odata(error.message) }
                if let unknown = filter.properties.first(where: { !properties.contains($0) }) {
                    return DataverseError.odata(
                        "Could not find a property named '\(unknown)' on type 'Microsoft.Dynamics.CRM.EntityMetadata'.")
                }
                rows = rows.filter(filter.matches)
            }
            return ok(["@odata.context": .string(context), "value": .array(rows.map { .object(Self.project($0, selection)) })])
        }
        guard let segment = ODataSegment(path[0]), let key = segment.keys["LogicalName"] ?? segment.keys[""] else {
            return DataverseError.odata("Bad Request - Error in query syntax.")
        }
        guard let entity = DataverseEntity.named(key) ?? DataverseEntity.catalog.values.first(where: { $0.metadataId == key.lowercased() })
        else {
            return DataverseError.response(404, code: "0x80040217", message: "Could not find an entity with name '\(key)'.")
        }
        var body = Self.project(Self.metadata(entity), selection)
        body["@odata.context"] = .string(context + "/$entity")
        return ok(.object(body))
    }

    private static let metadataProperties: Set<String> = [
        "MetadataId", "LogicalName", "SchemaName", "EntitySetName", "LogicalCollectionName", "PrimaryIdAttribute",
        "PrimaryNameAttribute", "ObjectTypeCode", "OwnershipType", "IsCustomEntity", "IsActivity",
    ]

    private static func metadata(_ entity: DataverseEntity) -> [String: JSON] {
        let ownership =
            switch entity.logicalName {
            case "workflow": "UserOwned"
            case "role", "team", "systemuser": "BusinessOwned"
            default: "OrganizationOwned"
            }
        return [
            "MetadataId": .string(entity.metadataId), "LogicalName": .string(entity.logicalName),
            "SchemaName": .string(entity.schemaName), "EntitySetName": .string(entity.entitySet),
            "LogicalCollectionName": .string(entity.entitySet), "PrimaryIdAttribute": .string(entity.primaryId),
            "PrimaryNameAttribute": .string(entity.primaryName), "ObjectTypeCode": .int(entity.objectTypeCode),
            "OwnershipType": .string(ownership), "IsCustomEntity": false, "IsActivity": false,
        ]
    }

    /// Metadata rows always carry `MetadataId`, selected or not.
    private static func project(_ row: [String: JSON], _ selection: [String]?) -> [String: JSON] {
        guard let selection else { return row }
        var projected: [String: JSON] = ["MetadataId": row["MetadataId"] ?? .null]
        for name in selection { projected[name] = row[name] ?? .null }
        return projected
    }

    /// `GET /api/data/v9.2/`: the entity sets the twin serves.
    func serviceDocument() -> TwinResponse {
        let sets = DataverseEntity.catalog.keys.sorted().map { name -> JSON in
            ["name": .string(name), "kind": "EntitySet", "url": .string(name)]
        }
        return ok(["@odata.context": .string("\(apiBase)/$metadata"), "value": .array(sets)])
    }
}
