import CloudTwin
import Foundation
import HTTPTransport
import MicrosoftCloud
import StepwiseTesting
import Testing

@Suite("Dataverse against the twin")
struct DataverseTwinTests {
    static let systemAdministratorTemplate = "627090ff-40a3-4053-8790-584edc5be201"

    /// A new Entra app with its service principal and a secret: (appId, secret).
    static func newApp(_ session: CloudSession, name: String) throws -> (appId: String, secret: String) {
        let app = try session.graph.post("/applications", body: ["displayName": .string(name), "signInAudience": "AzureADMyOrg"])
        let appId = try #require(app["appId"]?.stringValue)
        _ = try session.graph.post("/servicePrincipals", body: ["appId": .string(appId)], expecting: .replication)
        let password = try session.graph.post(
            "/applications/\(try #require(app["id"]?.stringValue))/addPassword", body: ["passwordCredential": [:]])
        return (appId, try #require(password["secretText"]?.stringValue))
    }

    static func rootBusinessUnit(_ org: DataverseClient) throws -> String {
        let units = try org.list("/businessunits?$select=businessunitid,name&$filter=parentbusinessunitid eq null")
        #expect(units.count == 1)
        return try #require(units.first?["businessunitid"]?.stringValue)
    }

    @Test("WhoAmI and RetrieveCurrentOrganization answer for the admin app's user; OData headers on every call")
    func whoAmI() async throws {
        try await TwinFixture.with { twin in
            let info = twin.connection
            try await blocking {
                let session = try twin.session()
                var records: [ExchangeRecord] = []
                session.exchangeObserver = { records.append($0) }
                let org = try session.dataverse("stage")
                let me = try org.whoAmI()
                let users = try org.list("/systemusers?$select=systemuserid&$filter=applicationid eq \(info.adminClientId)")
                #expect(users.first?["systemuserid"]?.stringValue.flatMap(UUID.init(uuidString:)) == me.userId)
                let organization = try org.retrieveCurrentOrganization()
                #expect(organization["Detail"] != nil)
                let reads = records.filter { $0.service == .dataverse }
                #expect(reads.count == 3)
                for read in reads {
                    #expect(read.requestHeaders["Accept"] == "application/json")
                    #expect(read.requestHeaders["OData-MaxVersion"] == "4.0")
                    #expect(read.requestHeaders["OData-Version"] == "4.0")
                    #expect(read.requestHeaders["If-None-Match"] == "null")
                }
            }
        }
    }

    @Test("an application user: create (id from OData-EntityId), associate a role, duplicate, disassociate")
    func applicationUser() async throws {
        try await TwinFixture.with { twin in
            try await blocking {
                let session = try twin.session()
                let (appId, _) = try Self.newApp(session, name: "dataverse user check")
                let org = try session.dataverse("stage")
                let unit = try Self.rootBusinessUnit(org)
                let userId = try org.create(
                    "systemusers",
                    body: [
                        "applicationid": .string(appId), "accessmode": 4, "isdisabled": false,
                        "businessunitid@odata.bind": .string("/businessunits(\(unit))"),
                    ],
                    expecting: .replication)
                let user = try org.get("/systemusers(\(userId.uuidString.lowercased()))?$select=applicationid")
                #expect(user["applicationid"]?.stringValue?.lowercased() == appId.lowercased())

                let roles = try org.list(
                    "/roles?$select=roleid,name&$filter=_roletemplateid_value eq \(Self.systemAdministratorTemplate) and _businessunitid_value eq \(unit)")
                let roleId = try #require(roles.first?["roleid"]?.stringValue)
                let entity = "systemusers(\(userId.uuidString.lowercased()))"
                try org.associate(entity, "systemuserroles_association", "roles(\(roleId))")
                let assigned = try org.list("/\(entity)/systemuserroles_association?$select=roleid")
                #expect(assigned.compactMap { $0["roleid"]?.stringValue } == [roleId])

                let again = try #require(throws: CloudError.self) {
                    try org.associate(entity, "systemuserroles_association", "roles(\(roleId))")
                }
                #expect(again.code == .dataverseDuplicate)
                #expect(again.serviceCode == "0x80040237")

                try org.disassociate(entity, "systemuserroles_association", "roles(\(roleId))")
                #expect(try org.list("/\(entity)/systemuserroles_association?$select=roleid").isEmpty)
            }
        }
    }

    @Test("conditional writes: If-Match * on a missing record is 404, If-None-Match * on an existing one is 412")
    func conditionalWrites() async throws {
        try await TwinFixture.with { twin in
            try await blocking {
                let org = try twin.session().dataverse("stage")
                let missing = UUID().uuidString.lowercased()
                let notFound = try #require(throws: CloudError.self) {
                    try org.patch("/workflows(\(missing))", body: ["description": "x"], ifMatch: "*")
                }
                #expect(notFound.code == .dataverseNotFound)
                #expect(notFound.status == 404)
                let unit = try Self.rootBusinessUnit(org)
                let duplicate = try #require(throws: CloudError.self) {
                    try org.patch("/businessunits(\(unit))", body: ["divisionname": "x"], ifNoneMatch: "*")
                }
                #expect(duplicate.code == .dataverseDuplicate)
                #expect(duplicate.status == 412)
                let updated = try org.patch(
                    "/businessunits(\(unit))", body: ["divisionname": "checked"], ifMatch: "*",
                    prefer: .init(returnRepresentation: true))
                #expect(updated.status == 200)
                #expect(updated.body["divisionname"]?.stringValue == "checked")
            }
        }
    }

    @Test("list pages with Prefer: odata.maxpagesize on every page, following nextLink on the org only")
    func paging() async throws {
        try await TwinFixture.with { twin in
            try await blocking {
                let session = try twin.session()
                let org = try session.dataverse("stage")
                let all = try org.list("/roles?$select=roleid,name")
                #expect(all.count > 3)
                var records: [ExchangeRecord] = []
                session.exchangeObserver = { records.append($0) }
                let paged = try org.list("/roles?$select=roleid,name", maxPageSize: 2)
                #expect(Set(paged.compactMap { $0["roleid"]?.stringValue }) == Set(all.compactMap { $0["roleid"]?.stringValue }))
                #expect(paged.count == all.count)
                #expect(records.count == (all.count + 1) / 2)
                #expect(records.allSatisfy { $0.requestHeaders["Prefer"] == "odata.maxpagesize=2" })
            }
        }
    }

    @Test("replication: a new application user gets 0x80072560 until it is a member, waited out when expected")
    func newApplicationUser() async throws {
        try await TwinFixture.with(TwinOptions(faults: "lag.appuser=600000")) { twin in
            let info = twin.connection
            LagRelease.start(twin, after: 2, of: LagRelease.status(403))
            try await blocking {
                let session = try twin.session()
                let (appId, secret) = try Self.newApp(session, name: "app user replication check")
                let org = try session.dataverse("stage")
                let unit = try Self.rootBusinessUnit(org)
                let userId = try org.create(
                    "systemusers",
                    body: ["applicationid": .string(appId), "businessunitid@odata.bind": .string("/businessunits(\(unit))")])

                let app = session.withCredential(
                    ClientSecretCredential(tenant: info.tenantId, clientId: appId, secret: secret, expecting: .replication))
                let early = try #require(throws: CloudError.self) { try app.dataverse("stage").whoAmI() }
                #expect(early.code == .dataverseUserNotMember)
                #expect(early.serviceCode == "0x80072560")
                let me = try app.dataverse("stage").whoAmI(expecting: .replication)
                #expect(me.userId == userId)
            }
        }
    }
}
