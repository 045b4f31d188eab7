import Foundation
import Testing

@testable import CloudTwin

/// The member names of a JSON object.
func keys(of value: JSON?) -> Set<String> {
    Set(value?.objectValue?.keys.map { $0 } ?? [])
}

@Suite("Dataverse Web API: reads, query options, functions")
struct DataverseReadTests {
    @Test func whoAmIAnswersInBothFormsWithODataHeaders() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            for path in ["WhoAmI", "WhoAmI()"] {
                let response = try await TestHTTP.get("\(twin.api())/\(path)", token: token)
                #expect(response.status == 200)
                #expect(response.headers["odata-version"] == "4.0")
                #expect(response.headers["content-type"] == "application/json; odata.metadata=minimal")
                let body = try response.requireJSON()
                #expect(body["@odata.context"]?.stringValue == "\(twin.api())/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse")
                #expect(body["UserId"]?.stringValue == Demo.stageAdminAppUser)
                #expect(body["BusinessUnitId"]?.stringValue == Demo.stageRootBusinessUnit)
                #expect(body["OrganizationId"]?.stringValue == Demo.stageOrganizationId)
            }
        }
    }

    @Test func servesVersionsNineZeroToNineTwoOnly() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            for version in ["v9.0", "v9.1", "v9.2"] {
                let response = try await TestHTTP.get("\(twin.api(version: version))/WhoAmI", token: token)
                #expect(response.status == 200, "\(version)")
                #expect(try response.requireJSON()["@odata.context"]?.stringValue?.contains("/api/data/\(version)/") == true)
            }
            for version in ["v8.2", "v9.3", "v10.0"] {
                let response = try await TestHTTP.get("\(twin.api(version: version))/WhoAmI", token: token)
                #expect(response.status == 404, "\(version)")
            }
        }
    }

    @Test func retrieveCurrentOrganizationGivesTheEnvironmentIdWithAliasOrInlineLiteral() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let aliased =
                "\(twin.api())/RetrieveCurrentOrganization(AccessType=@p1)?@p1=Microsoft.Dynamics.CRM.EndpointAccessType'Default'"
            let inline = "\(twin.api())/RetrieveCurrentOrganization(AccessType=Microsoft.Dynamics.CRM.EndpointAccessType'Default')"
            for url in [aliased, inline] {
                let response = try await TestHTTP.get(url, token: token)
                #expect(response.status == 200)
                let detail = try #require(try response.requireJSON()["Detail"])
                #expect(detail["EnvironmentId"]?.stringValue == twin.info.environments["stage"])
                #expect(detail["OrganizationId"]?.stringValue == Demo.stageOrganizationId)
                #expect(detail["TenantId"]?.stringValue == twin.info.tenantId)
                #expect(detail["UniqueName"]?.stringValue == "contosostage")
                #expect(detail["State"]?.stringValue == "Enabled")
                #expect(detail["Endpoints"]?["Keys"]?.arrayValue?.first == "WebApplication")
                #expect(detail["Endpoints"]?["Values"]?.arrayValue?.first?.stringValue == "\(twin.info.orgs["stage"]!)/")
            }
            let wrong = try await TestHTTP.get(
                "\(twin.api())/RetrieveCurrentOrganization(AccessType=@p1)?@p1=Microsoft.Dynamics.CRM.EndpointAccessType'Public'",
                token: token)
            #expect(wrong.status == 400)
            #expect(wrong.errorCode == "0x80060888")
        }
    }

    @Test func rootBusinessUnitAsTerraformAsksForIt() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            for filter in ["parentbusinessunitid eq null", "_parentbusinessunitid_value eq null"] {
                let url = "\(twin.api())/businessunits?$select=businessunitid,name&$filter=\(FormEncoding.escape(filter))"
                let body = try await TestHTTP.get(url, token: token).requireJSON()
                let rows = try #require(body["value"]?.arrayValue)
                #expect(rows.count == 1)
                #expect(rows.first?["businessunitid"]?.stringValue == Demo.stageRootBusinessUnit)
                #expect(rows.first?["name"]?.stringValue == "contosostage")
                #expect(keys(of: rows.first) == ["@odata.etag", "businessunitid", "name"])
                #expect(body["@odata.context"]?.stringValue == "\(twin.api())/$metadata#businessunits(businessunitid,name)")
            }
            let mistyped = try await TestHTTP.get(
                "\(twin.api())/businessunits?$filter=\(FormEncoding.escape("parentbusinessunitid eq \(Demo.stageRootBusinessUnit)"))",
                token: token)
            #expect(mistyped.status == 400)
            #expect(mistyped.errorMessage?.contains("incompatible types") == true)
        }
    }

    @Test func applicationUserLookupWithExpandedRolesAndNestedSelect() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let select = "applicationid,systemuserid,fullname,isdisabled,deletedstate,_businessunitid_value"
            let expand = "systemuserroles_association($select=roleid,name,_businessunitid_value)"
            let url =
                "\(twin.api())/systemusers?$select=\(select)&$expand=\(FormEncoding.escape(expand))"
                + "&$filter=\(FormEncoding.escape("applicationid eq \(twin.info.admin.clientId)"))"
            let response = try await TestHTTP.get(url, token: token, headers: ["If-None-Match": "null"])
            #expect(response.status == 200)
            let body = try response.requireJSON()
            let rows = try #require(body["value"]?.arrayValue)
            try #require(rows.count == 1)
            let user = rows[0]
            #expect(user["systemuserid"]?.stringValue == Demo.stageAdminAppUser)
            #expect(user["fullname"]?.stringValue == "# Stepwise Automation")
            #expect(user["deletedstate"] == 0)
            #expect(user["domainname"] == nil)
            let roles = try #require(user["systemuserroles_association"]?.arrayValue)
            #expect(roles.count == 1)
            #expect(roles.first?["roleid"]?.stringValue == Demo.stageSystemAdministratorRole)
            #expect(roles.first?["name"]?.stringValue == "System Administrator")
            #expect(keys(of: roles.first) == ["@odata.etag", "roleid", "name", "_businessunitid_value"])
            #expect(
                body["@odata.context"]?.stringValue
                    == "\(twin.api())/$metadata#systemusers(\(select),systemuserroles_association(roleid,name,_businessunitid_value))")
        }
    }

    @Test func filterOperatorsAndLiterals() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            func names(_ table: String, _ filter: String) async throws -> [String] {
                let url = "\(twin.api())/\(table)?$select=name&$filter=\(FormEncoding.escape(filter))"
                let response = try await TestHTTP.get(url, token: token)
                try #require(response.status == 200, "\(filter): \(response.text)")
                return try response.requireJSON()["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            }
            #expect(try await names("roles", "name eq 'System Administrator'").count == 2)
            #expect(
                try await names(
                    "roles", "name eq 'System Administrator' and _businessunitid_value eq \(Demo.stageRootBusinessUnit)"
                ) == ["System Administrator"])
            #expect(try await names("roles", "_roletemplateid_value eq 627090FF-40A3-4053-8790-584EDC5BE201").count == 2)
            #expect(try await names("roles", "contains(name,'Custom')") == ["System Customizer", "System Customizer"])
            #expect(try await names("roles", "startswith(name,'Env')").count == 2)
            #expect(
                Set(try await names("roles", "(name eq 'Basic User' or name eq 'Environment Maker') and isinherited eq 1"))
                    == ["Basic User"])
            #expect(try await names("roles", "name ne 'Basic User'").count == 6)
            #expect(try await names("workflows", "type eq 1 and category eq 0 and ismanaged eq true").count == 2)
            #expect(try await names("workflows", "name eq 'Adobe Campaign Email Bounce' and type eq 2").count == 1)
            let solutions = try await TestHTTP.get(
                "\(twin.api())/solutions?$select=uniquename,friendlyname,version,ismanaged,installedon"
                    + "&$filter=\(FormEncoding.escape("uniquename eq 'AdobeCampaignStandard'"))", token: token
            ).requireJSON()
            #expect(solutions["value"]?.arrayValue?.first?["version"]?.stringValue == "1.0.0.12")
            #expect(solutions["value"]?.arrayValue?.first?["ismanaged"] == true)
            #expect(try await names("teams", "name eq 'O''Brien''s team'").isEmpty)
        }
    }

    @Test func unknownColumnsAndMalformedFiltersAreRejectedLikeDataverse() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let select = try await TestHTTP.get("\(twin.api())/systemusers?$select=fullname,nosuchcolumn", token: token)
            #expect(select.status == 400)
            #expect(select.errorCode == "0x80060888")
            #expect(
                select.errorMessage
                    == "Could not find a property named 'nosuchcolumn' on type 'Microsoft.Dynamics.CRM.systemuser'.")
            let filter = try await TestHTTP.get(
                "\(twin.api())/systemusers?$filter=\(FormEncoding.escape("appid eq 1"))", token: token)
            #expect(filter.status == 400)
            #expect(filter.errorMessage == "Could not find a property named 'appid' on type 'Microsoft.Dynamics.CRM.systemuser'.")
            let expand = try await TestHTTP.get("\(twin.api())/systemusers?$expand=roles", token: token)
            #expect(expand.status == 400)
            #expect(expand.errorCode == "0x80060888")
            for malformed in ["name eq", "name eq 'unterminated", "(name eq 'x'", "name eqq 'x'"] {
                let response = try await TestHTTP.get(
                    "\(twin.api())/roles?$filter=\(FormEncoding.escape(malformed))", token: token)
                #expect(response.status == 400, "\(malformed)")
                #expect(response.errorCode == "0x80060888", "\(malformed)")
            }
        }
    }

    @Test func orderByTopAndCount() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let body = try await TestHTTP.get(
                "\(twin.api())/roles?$select=name&$orderby=\(FormEncoding.escape("name desc"))&$top=3&$count=true", token: token
            ).requireJSON()
            let names = body["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(names == ["System Customizer", "System Customizer", "System Administrator"])
            #expect(body["@odata.count"] == 8)
            #expect(body["@odata.nextLink"] == nil)
        }
    }

    @Test func serverDrivenPagingFollowsAbsoluteNextLinks() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            var url: String? = "\(twin.api())/roles?$select=roleid,name&$count=true"
            var seen: [String] = []
            var pages = 0
            while let next = url {
                let response = try await TestHTTP.get(next, token: token, headers: ["Prefer": "odata.maxpagesize=3"])
                try #require(response.status == 200, "\(response.text)")
                #expect(response.headers["preference-applied"] == "odata.maxpagesize=3")
                let body = try response.requireJSON()
                #expect(body["@odata.count"] == 8)
                let rows = try #require(body["value"]?.arrayValue)
                #expect(rows.count <= 3)
                seen += rows.compactMap { $0["roleid"]?.stringValue }
                url = body["@odata.nextLink"]?.stringValue
                if let link = url {
                    #expect(link.hasPrefix("\(twin.api())/roles?"))
                    #expect(link.contains("$skiptoken="))
                }
                pages += 1
            }
            #expect(pages == 3)
            #expect(seen.count == 8)
            #expect(Set(seen).count == 8)

            let first = try await TestHTTP.get(
                "\(twin.api())/roles?$select=roleid", token: token, headers: ["Prefer": "odata.maxpagesize=3"]
            ).requireJSON()
            let link = try #require(first["@odata.nextLink"]?.stringValue)
            let rest = try await TestHTTP.get(link, token: token)
            #expect(rest.headers["preference-applied"] == nil)
            let restIds = try rest.requireJSON()["value"]?.arrayValue?.compactMap { $0["roleid"]?.stringValue } ?? []
            #expect(restIds == Array(seen.dropFirst(3)))
        }
    }

    @Test func singleRowHasETagAndHonoursIfNoneMatch() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let url = "\(twin.api())/systemusers(\(Demo.stageHumanAdmin))?$select=fullname"
            let response = try await TestHTTP.get(url, token: token)
            #expect(response.status == 200)
            let body = try response.requireJSON()
            let etag = try #require(response.headers["etag"])
            #expect(etag.hasPrefix("W/\""))
            #expect(body["@odata.etag"]?.stringValue == etag)
            #expect(body["fullname"]?.stringValue == "Contoso Admin")
            #expect(body["systemuserid"]?.stringValue == Demo.stageHumanAdmin)
            #expect(body["@odata.context"]?.stringValue == "\(twin.api())/$metadata#systemusers(fullname)/$entity")
            #expect(try await TestHTTP.get(url, token: token, headers: ["If-None-Match": etag]).status == 304)
            #expect(try await TestHTTP.get(url, token: token, headers: ["If-None-Match": "null"]).status == 200)
            let missing = try await TestHTTP.get("\(twin.api())/systemusers(00000000-0000-0000-0000-000000000001)", token: token)
            #expect(missing.status == 404)
            #expect(missing.errorCode == "0x80040217")
            #expect(missing.errorMessage == "systemuser With Id = 00000000-0000-0000-0000-000000000001 Does Not Exist")
        }
    }

    @Test func entityDefinitionsForTheTwinsTables() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let response = try await TestHTTP.get(
                "\(twin.api())/EntityDefinitions(LogicalName='systemuser')?$select=LogicalName,EntitySetName,PrimaryIdAttribute",
                token: token)
            #expect(response.status == 200)
            let body = try response.requireJSON()
            #expect(body["LogicalName"] == "systemuser")
            #expect(body["EntitySetName"] == "systemusers")
            #expect(body["PrimaryIdAttribute"] == "systemuserid")
            #expect(body["MetadataId"]?.stringValue != nil)
            #expect(body["PrimaryNameAttribute"] == nil)
            let workflow = try await TestHTTP.get("\(twin.api())/EntityDefinitions(LogicalName='workflow')", token: token)
            #expect(try workflow.requireJSON()["ObjectTypeCode"] == 4703)
            let unknown = try await TestHTTP.get("\(twin.api())/EntityDefinitions(LogicalName='nosuch')", token: token)
            #expect(unknown.status == 404)
        }
    }

    @Test func annotationsWhenAskedFor() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let url = "\(twin.api())/workflows(\(Demo.stageBounceDefinition))?$select=statecode,_ownerid_value,ismanaged"
            let prefer = ["Prefer": "odata.include-annotations=\"*\""]
            let response = try await TestHTTP.get(url, token: token, headers: prefer)
            #expect(response.headers["preference-applied"] == "odata.include-annotations=\"*\"")
            let body = try response.requireJSON()
            #expect(body["_ownerid_value@OData.Community.Display.V1.FormattedValue"] == "Contoso Admin")
            #expect(body["_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"] == "systemuser")
            #expect(body["_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty"] == "ownerid")
            #expect(body["statecode@OData.Community.Display.V1.FormattedValue"] == "Activated")
            #expect(body["ismanaged@OData.Community.Display.V1.FormattedValue"] == "Yes")
            let plain = try await TestHTTP.get(url, token: token).requireJSON()
            #expect(keys(of: plain).allSatisfy { !$0.contains("@") || $0 == "@odata.etag" || $0 == "@odata.context" })

            let error = try await TestHTTP.get("\(twin.api())/roles?$select=nosuch", token: token, headers: prefer)
            let details = try #require(error.json?["error"])
            #expect(details["@Microsoft.PowerApps.CDS.HelpLink"]?.stringValue?.contains("80060888") == true)
            #expect(details["@Microsoft.PowerApps.CDS.InnerError.Message"] == details["message"])
        }
    }

    @Test func imageValueAndPropertyReads() async throws {
        try await withTwin { twin in
            let token = try await twin.orgToken()
            let fullname = try await TestHTTP.get("\(twin.api())/systemusers(\(Demo.stageHumanAdmin))/fullname", token: token)
            #expect(try fullname.requireJSON()["value"] == "Contoso Admin")
            let noImage = try await TestHTTP.get(
                "\(twin.api())/systemusers(\(Demo.stageHumanAdmin))/entityimage/$value", token: token)
            #expect(noImage.status == 204)
        }
    }
}
