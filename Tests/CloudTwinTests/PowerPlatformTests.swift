import Foundation
import Testing

@testable import CloudTwin

@Suite("Power Platform API: application packages and their install")
struct PowerPlatformTests {
    static let apiVersion = "api-version=2022-03-01-preview"

    private func packagesURL(_ twin: RunningTwin, _ environment: String, query: String = "") -> String {
        "\(twin.info.powerplatform)/appmanagement/environments/\(environment)/applicationPackages?\(Self.apiVersion)\(query)"
    }

    private func ppToken(_ twin: RunningTwin, app: TestApplication? = nil) async throws -> String {
        try await twin.appToken(resource: "https://api.powerplatform.com", clientId: app?.appId, secret: app?.secret)
    }

    @Test func listsTheEnvironmentsPackagesWithTheirInstallState() async throws {
        try await withTwin { twin in
            let token = try await ppToken(twin)
            let prod = try #require(twin.info.environments["prod"])
            let response = try await TestHTTP.get(packagesURL(twin, prod), token: token)
            #expect(response.status == 200)
            let packages = try #require(try response.requireJSON()["value"]?.arrayValue)
            let adobe = try #require(packages.first { $0["uniqueName"] == .string(Demo.adobePackage) })
            #expect(adobe["state"] == "NotInstalled")
            #expect(adobe["applicationName"] == "Adobe Campaign Standard")
            #expect(adobe["publisherName"] == "Adobe")
            #expect(adobe["version"] == "1.0.0.12")
            #expect(adobe["id"]?.stringValue != nil)
            #expect(adobe["lastError"] == .null)
            #expect(adobe["install"] == nil)
            let installed = try await TestHTTP.get(packagesURL(twin, prod, query: "&appInstallState=Installed"), token: token)
            let names = try installed.requireJSON()["value"]?.arrayValue?.compactMap { $0["uniqueName"]?.stringValue }
            #expect(names == ["msdyn_FlowApprovals"])
        }
    }

    @Test func installRunsAsAnOperationAndCreatesTheSolutionAndProcesses() async throws {
        try await withTwin(TwinOptions(faults: "install=60000")) { twin in
            let token = try await ppToken(twin)
            let prod = try #require(twin.info.environments["prod"])
            let install = try await TestHTTP.send(
                "POST",
                "\(twin.info.powerplatform)/appmanagement/environments/\(prod)/applicationPackages/\(Demo.adobePackage)/install?\(Self.apiVersion)",
                headers: ["Authorization": "Bearer \(token)"])
            #expect(install.status == 202)
            let started = try install.requireJSON()
            #expect(started["status"] == "NotStarted")
            #expect(started["createdDateTime"]?.stringValue != nil)
            let operationId = try #require(started["id"]?.stringValue)
            let location = try #require(install.headers["operation-location"])
            #expect(
                location == "\(twin.info.powerplatform)/appmanagement/environments/\(prod)/operations/\(operationId)?\(Self.apiVersion)")

            let running = try await TestHTTP.get(location, token: token)
            #expect(running.status == 200)
            #expect(try running.requireJSON()["status"] == "Running")
            #expect(running.headers["retry-after"] != nil)
            let listing = try await TestHTTP.get(packagesURL(twin, prod), token: token).requireJSON()
            #expect(listing["value"]?.arrayValue?.first { $0["uniqueName"] == .string(Demo.adobePackage) }?["state"] == "Installing")
            let again = try await TestHTTP.send(
                "POST",
                "\(twin.info.powerplatform)/appmanagement/environments/\(prod)/applicationPackages/\(Demo.adobePackage)/install?\(Self.apiVersion)",
                headers: ["Authorization": "Bearer \(token)"])
            #expect(again.status == 409)

            #expect(try await twin.control("POST", "/clock/advance", ["seconds": 61]).status == 200)
            let done = try await TestHTTP.get(location, token: token)
            let finished = try done.requireJSON()
            #expect(finished["status"] == "Succeeded")
            #expect(finished["lastActionDateTime"]?.stringValue != nil)
            #expect(done.headers["retry-after"] == nil)

            let org = try await twin.orgToken("prod")
            let solutions = try await TestHTTP.get(
                "\(twin.api("prod"))/solutions?$select=uniquename,ismanaged,version&$filter=\(FormEncoding.escape("uniquename eq 'AdobeCampaignStandard'"))",
                token: org
            ).requireJSON()
            #expect(solutions["value"]?.arrayValue?.count == 1)
            let filter = FormEncoding.escape("type eq 1 and category eq 0 and startswith(name,'Adobe Campaign Email')")
            let processes = try #require(
                try await TestHTTP.get(
                    "\(twin.api("prod"))/workflows?$select=name,statecode,statuscode,_ownerid_value&$filter=\(filter)&$orderby=name",
                    token: org
                ).requireJSON()["value"]?.arrayValue)
            #expect(processes.compactMap { $0["name"]?.stringValue } == ["Adobe Campaign Email Bounce", "Adobe Campaign Email Click"])
            #expect(processes.allSatisfy { $0["statecode"] == 1 && $0["statuscode"] == 2 })
            #expect(processes.allSatisfy { $0["_ownerid_value"]?.stringValue == Demo.prodAdminAppUser })
            let after = try await TestHTTP.get(packagesURL(twin, prod), token: token).requireJSON()
            #expect(after["value"]?.arrayValue?.first { $0["uniqueName"] == .string(Demo.adobePackage) }?["state"] == "Installed")
        }
    }

    @Test func installFinishesByItselfAfterTheConfiguredDelay() async throws {
        try await withTwin(TwinOptions(faults: "install=50")) { twin in
            let token = try await ppToken(twin)
            let prod = try #require(twin.info.environments["prod"])
            let install = try await TestHTTP.send(
                "POST",
                "\(twin.info.powerplatform)/appmanagement/environments/\(prod)/applicationPackages/\(Demo.adobePackage)/install?\(Self.apiVersion)",
                headers: ["Authorization": "Bearer \(token)"])
            let location = try #require(install.headers["operation-location"])
            var status = ""
            for _ in 0..<1500 where status != "Succeeded" {
                try await Task.sleep(for: .milliseconds(20))
                status = try await TestHTTP.get(location, token: token).requireJSON()["status"]?.stringValue ?? ""
            }
            #expect(status == "Succeeded")
        }
    }

    @Test func unknownEnvironmentsPackagesAndOperationsAre404() async throws {
        try await withTwin { twin in
            let token = try await ppToken(twin)
            let unknown = try await TestHTTP.get(packagesURL(twin, "00000000-0000-0000-0000-0000000000aa"), token: token)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "EnvironmentNotFound")
            let prod = try #require(twin.info.environments["prod"])
            let package = try await TestHTTP.send(
                "POST",
                "\(twin.info.powerplatform)/appmanagement/environments/\(prod)/applicationPackages/NoSuchPackage/install?\(Self.apiVersion)",
                headers: ["Authorization": "Bearer \(token)"])
            #expect(package.status == 404)
            #expect(package.errorCode == "ApplicationPackageNotFound")
            let operation = try await TestHTTP.get(
                "\(twin.info.powerplatform)/appmanagement/environments/\(prod)/operations/\(TwinIDs.guid())?\(Self.apiVersion)",
                token: token)
            #expect(operation.status == 404)
            let noVersion = try await TestHTTP.get(
                "\(twin.info.powerplatform)/appmanagement/environments/\(prod)/applicationPackages", token: token)
            #expect(noVersion.status == 400)
        }
    }

    @Test func onlyManagementApplicationsAndTheRightAudienceGetIn() async throws {
        try await withTwin { twin in
            let prod = try #require(twin.info.environments["prod"])
            let app = twin.registerApplication("not a management app")
            let forbidden = try await TestHTTP.get(packagesURL(twin, prod), token: try await ppToken(twin, app: app))
            #expect(forbidden.status == 403)
            #expect(forbidden.errorCode == "Forbidden")
            #expect(forbidden.errorMessage?.isEmpty == false)
            let orgToken = try await twin.orgToken("prod")
            #expect(try await TestHTTP.get(packagesURL(twin, prod), token: orgToken).status == 401)
            let ownOrigin = try await twin.appToken(resource: twin.info.powerplatform)
            #expect(try await TestHTTP.get(packagesURL(twin, prod), token: ownOrigin).status == 200)
            let user = try await twin.userToken(resource: twin.info.powerplatform)
            #expect(try await TestHTTP.get(packagesURL(twin, prod), token: user).status == 200)
        }
    }

    @Test func theMissingSolutionScenarioHasNoAdobePackage() async throws {
        try await withTwin(TwinOptions(scenario: "missing-solution")) { twin in
            let token = try await ppToken(twin)
            for environment in ["stage", "prod"] {
                let id = try #require(twin.info.environments[environment])
                let names = try await TestHTTP.get(packagesURL(twin, id), token: token).requireJSON()["value"]?.arrayValue?
                    .compactMap { $0["uniqueName"]?.stringValue }
                #expect(names == ["msdyn_FlowApprovals"])
                let install = try await TestHTTP.send(
                    "POST",
                    "\(twin.info.powerplatform)/appmanagement/environments/\(id)/applicationPackages/\(Demo.adobePackage)/install?\(Self.apiVersion)",
                    headers: ["Authorization": "Bearer \(token)"])
                #expect(install.status == 404)
            }
            let solutions = try await TestHTTP.get(
                "\(twin.api())/solutions?$select=uniquename&$filter=\(FormEncoding.escape("contains(friendlyname,'Adobe')"))",
                token: try await twin.orgToken()
            ).requireJSON()
            #expect(solutions["value"]?.arrayValue?.isEmpty == true)
        }
    }
}
