import Foundation

extension DataverseEntity {
    /// The tables the twin serves, by entity set name.
    static let catalog: [String: DataverseEntity] = {
        let entities = [systemUser, businessUnit, role, team, solution, publisher, workflow]
        return Dictionary(uniqueKeysWithValues: entities.map { ($0.entitySet, $0) })
    }()

    /// The table with this logical name (`systemuser`).
    static func named(_ logicalName: String) -> DataverseEntity? {
        catalog.values.first { $0.logicalName == logicalName }
    }

    private static func columns(
        _ writable: [String: ColumnType], computed: [String: ColumnType]
    ) -> [String: Column] {
        var all: [String: Column] = [
            "createdon": Column(type: .dateTime, writability: .computed),
            "modifiedon": Column(type: .dateTime, writability: .computed),
            "versionnumber": Column(type: .bigInt, writability: .computed),
        ]
        for (name, type) in writable { all[name] = Column(type: type, writability: .writable) }
        for (name, type) in computed { all[name] = Column(type: type, writability: .computed) }
        return all
    }

    private static let audit: [String: [String]] = ["createdby": ["systemusers"], "modifiedby": ["systemusers"]]

    static let systemUser = DataverseEntity(
        logicalName: "systemuser", entitySet: "systemusers", primaryId: "systemuserid", primaryName: "fullname",
        objectTypeCode: 8, displayName: "User", privilegeName: "User",
        columns: columns(
            [
                "systemuserid": .guid, "firstname": .string, "lastname": .string, "applicationid": .guid,
                "azureactivedirectoryobjectid": .guid, "accessmode": .int, "isdisabled": .bool, "domainname": .string,
                "internalemailaddress": .string, "title": .string, "jobtitle": .string, "entityimage": .image,
                "caltype": .int, "mobilephone": .string,
            ],
            computed: [
                "fullname": .string, "islicensed": .bool, "deletedstate": .int, "entityimage_timestamp": .bigInt,
                "entityimage_url": .string, "entityimageid": .guid, "applicationiduri": .string,
            ]),
        lookups: audit.merging(["businessunitid": ["businessunits"], "parentsystemuserid": ["systemusers"]]) { $1 },
        manyToMany: [
            "systemuserroles_association": ManyToMany(
                name: "systemuserroles_association", targetEntitySet: "roles", isLeft: true),
            "teammembership_association": ManyToMany(
                name: "teammembership_association", targetEntitySet: "teams", isLeft: true),
        ])

    static let businessUnit = DataverseEntity(
        logicalName: "businessunit", entitySet: "businessunits", primaryId: "businessunitid", primaryName: "name",
        objectTypeCode: 10, displayName: "Business Unit", privilegeName: "BusinessUnit",
        columns: columns(
            ["businessunitid": .guid, "name": .string, "divisionname": .string, "emailaddress": .string],
            computed: ["isdisabled": .bool]),
        lookups: audit.merging(["parentbusinessunitid": ["businessunits"]]) { $1 },
        manyToMany: [:])

    static let role = DataverseEntity(
        logicalName: "role", entitySet: "roles", primaryId: "roleid", primaryName: "name",
        objectTypeCode: 1036, displayName: "Security Role", privilegeName: "Role",
        columns: columns(
            ["roleid": .guid, "name": .string, "description": .string],
            computed: ["ismanaged": .bool, "isinherited": .int]),
        lookups: audit.merging([
            "businessunitid": ["businessunits"], "roletemplateid": ["roletemplates"], "parentroleid": ["roles"],
            "parentrootroleid": ["roles"],
        ]) { $1 },
        manyToMany: [
            "systemuserroles_association": ManyToMany(
                name: "systemuserroles_association", targetEntitySet: "systemusers", isLeft: false),
            "teamroles_association": ManyToMany(name: "teamroles_association", targetEntitySet: "teams", isLeft: false),
        ])

    static let team = DataverseEntity(
        logicalName: "team", entitySet: "teams", primaryId: "teamid", primaryName: "name",
        objectTypeCode: 9, displayName: "Team", privilegeName: "Team",
        columns: columns(
            [
                "teamid": .guid, "name": .string, "teamtype": .int, "description": .string, "emailaddress": .string,
                "azureactivedirectoryobjectid": .guid, "membershiptype": .int,
            ],
            computed: ["isdefault": .bool, "systemmanaged": .bool]),
        lookups: audit.merging(["businessunitid": ["businessunits"], "administratorid": ["systemusers"]]) { $1 },
        manyToMany: [
            "teammembership_association": ManyToMany(
                name: "teammembership_association", targetEntitySet: "systemusers", isLeft: false),
            "teamroles_association": ManyToMany(name: "teamroles_association", targetEntitySet: "roles", isLeft: true),
        ])

    static let solution = DataverseEntity(
        logicalName: "solution", entitySet: "solutions", primaryId: "solutionid", primaryName: "friendlyname",
        objectTypeCode: 7100, displayName: "Solution", privilegeName: "Solution",
        columns: columns(
            ["solutionid": .guid, "uniquename": .string, "friendlyname": .string, "version": .string, "description": .string],
            computed: ["ismanaged": .bool, "isvisible": .bool, "installedon": .dateTime]),
        lookups: audit.merging(["publisherid": ["publishers"]]) { $1 },
        manyToMany: [:])

    static let publisher = DataverseEntity(
        logicalName: "publisher", entitySet: "publishers", primaryId: "publisherid", primaryName: "friendlyname",
        objectTypeCode: 7101, displayName: "Publisher", privilegeName: "Publisher",
        columns: columns(
            ["publisherid": .guid, "uniquename": .string, "friendlyname": .string, "customizationprefix": .string],
            computed: [:]),
        lookups: audit, manyToMany: [:])

    static let workflow = DataverseEntity(
        logicalName: "workflow", entitySet: "workflows", primaryId: "workflowid", primaryName: "name",
        objectTypeCode: 4703, displayName: "Process", privilegeName: "Workflow",
        columns: columns(
            [
                "workflowid": .guid, "name": .string, "description": .string, "statecode": .int, "statuscode": .int,
                "primaryentity": .string, "mode": .int, "scope": .int, "runas": .int, "ondemand": .bool,
                "category": .int, "type": .int, "uniquename": .string,
            ],
            computed: ["ismanaged": .bool, "solutionid": .guid]),
        lookups: audit.merging([
            "ownerid": ["systemusers", "teams"], "owninguser": ["systemusers"], "owningteam": ["teams"],
            "owningbusinessunit": ["businessunits"], "activeworkflowid": ["workflows"], "parentworkflowid": ["workflows"],
        ]) { $1 },
        manyToMany: [:])
}
