import CloudTwin
import Foundation
import HTTPTransport
import MicrosoftCloud
import StepwiseTesting
import Testing

@Suite("Power Platform against the twin")
struct PowerPlatformTwinTests {
    @Test("list an environment's packages, install one and poll the operation to success")
    func install() async throws {
        try await TwinFixture.with { twin in
            let environment = try #require(twin.connection.environments["prod"])
            try await blocking {
                let session = try twin.session()
                let client = session.powerPlatform
                let packages = try client.applicationPackages(environmentId: environment)
                let available = try #require(packages.first { $0["state"]?.stringValue == "NotInstalled" })
                let uniqueName = try #require(available["uniqueName"]?.stringValue)

                let operation = try client.installApplicationPackage(uniqueName: uniqueName, environmentId: environment)
                #expect(Origin(operation) == session.profile.powerPlatform)
                let finished = try client.waitForOperation(at: operation, timeout: .seconds(60), pollInterval: .milliseconds(200))
                #expect(finished["status"]?.stringValue == "Succeeded")
                let after = try client.applicationPackages(environmentId: environment)
                #expect(after.first { $0["uniqueName"]?.stringValue == uniqueName }?["state"]?.stringValue == "Installed")

                let again = try #require(throws: CloudError.self) {
                    try client.installApplicationPackage(uniqueName: uniqueName, environmentId: environment)
                }
                #expect(again.code == "powerplatform.conflict")
                #expect(again.serviceCode == "ApplicationPackageAlreadyInstalled")
            }
        }
    }

    @Test("an unknown package is powerplatform.not_found")
    func unknownPackage() async throws {
        try await TwinFixture.with { twin in
            let environment = try #require(twin.connection.environments["prod"])
            try await blocking {
                let error = try #require(throws: CloudError.self) {
                    try twin.session().powerPlatform.installApplicationPackage(uniqueName: "NoSuchPackage", environmentId: environment)
                }
                #expect(error.code == "powerplatform.not_found")
                #expect(error.description.hasPrefix("Power Platform 404 ApplicationPackageNotFound: "))
            }
        }
    }
}
