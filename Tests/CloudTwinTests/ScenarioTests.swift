import Foundation
import Testing

@testable import CloudTwin

@Suite("Scenarios")
struct ScenarioTests {
    @Test(arguments: ["demo", "lookalike", "missing-solution", "national-cloud"])
    func everyBundledScenarioLoads(name: String) throws {
        let scenario = try Scenario.load(name)
        #expect(scenario.name == name)
        let state = scenario.makeState(now: Date())
        #expect(state.application(appId: scenario.admin.clientId) != nil)
        #expect(state.servicePrincipal(appId: "00000003-0000-0000-c000-000000000000") != nil)
        #expect(state.servicePrincipal(appId: "00000007-0000-0000-c000-000000000000") != nil)
        #expect(Set(state.orgs.keys) == ["stage", "prod"])
        #expect(state.orgs.values.allSatisfy { $0.rootBusinessUnit != nil })
    }

    @Test func lookalikeAddsAnAppStepwiseDidNotCreate() throws {
        let state = try Scenario.load("lookalike").makeState(now: Date())
        let lookalike = try #require(state.applications.first { $0.displayName == "adobe campaign stage" })
        #expect(lookalike.uniqueName == nil)
        #expect(state.servicePrincipal(appId: lookalike.appId) != nil)
    }

    @Test func missingSolutionHasNoAdobePackageSolutionOrProcesses() throws {
        let state = try Scenario.load("missing-solution").makeState(now: Date())
        for environment in state.powerPlatform.environments.values {
            #expect(environment.packages["AdobeCampaignStandardForD365"] == nil)
            #expect(environment.packages["msdyn_FlowApprovals"] != nil)
        }
        let stage = try #require(state.orgs["stage"])
        #expect(!stage["solutions"].all.contains { $0["uniquename"] == "AdobeCampaignStandard" })
        #expect(stage["workflows"].all.isEmpty)
    }

    @Test func demoOffersThePackageInstalledInStageOnly() throws {
        let state = try Scenario.load("demo").makeState(now: Date())
        let packages = state.powerPlatform.environments.values.map { ($0.orgName, $0.packages["AdobeCampaignStandardForD365"]) }
        for (org, package) in packages {
            let package = try #require(package)
            #expect(package.properties["state"]?.stringValue == (org == "stage" ? "Installed" : "NotInstalled"))
            #expect(package.installs["solutions"]?.first?["uniquename"] == "AdobeCampaignStandard")
            #expect(package.installs["workflows"]?.count == 4)
        }
    }

    @Test func aScenarioFileCanExtendABundledOne() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("twin-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("custom.json")
        try Data(#"{"extends":"demo","name":"custom","tenant":{"display_name":"Woodgrove"},"orgs":{"prod":null}}"#.utf8).write(to: file)
        let scenario = try Scenario.load(file.path)
        #expect(scenario.name == "custom")
        let state = scenario.makeState(now: Date())
        #expect(state.tenant.displayName == "Woodgrove")
        #expect(state.tenant.defaultDomain == "contoso.onmicrosoft.com")
        #expect(Set(state.orgs.keys) == ["stage"])
    }

    @Test func badScenariosAreExplained() throws {
        #expect(throws: ScenarioError.self) { try Scenario.load("no-such-scenario") }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("twin-bad-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"extends":"demo","admin":{"app_id":42}}"#.utf8).write(to: file)
        do {
            _ = try Scenario.load(file.path)
            Issue.record("a scenario with a numeric app_id loaded")
        } catch let error as ScenarioError {
            #expect(error.description.contains("scenario.admin.app_id must be a string"))
        }
    }

    @Test func mergePatchFollowsRFC7396() {
        let target: JSON = ["a": "b", "c": ["d": "e", "f": "g"], "list": [1, 2]]
        let patch: JSON = ["a": "z", "c": ["f": nil], "list": [3], "new": true]
        #expect(target.mergePatched(with: patch) == ["a": "z", "c": ["d": "e"], "list": [3], "new": true])
    }
}
