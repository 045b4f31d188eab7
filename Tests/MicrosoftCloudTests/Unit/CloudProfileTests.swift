import Foundation
import Testing

@testable import MicrosoftCloud

@Suite("Cloud profiles")
struct CloudProfileTests {
    @Test("each cloud accepts its own orgs")
    func ownOrgs() throws {
        #expect(try CloudProfile.global.validateOrg(URL(string: "https://contoso.crm4.dynamics.com/")!).description == "https://contoso.crm4.dynamics.com")
        #expect(try CloudProfile.global.validateOrg(URL(string: "https://contoso.api.crm.dynamics.com")!).host == "contoso.api.crm.dynamics.com")
        #expect(try CloudProfile.usGovHigh.validateOrg(URL(string: "https://x.crm.microsoftdynamics.us")!).host == "x.crm.microsoftdynamics.us")
        #expect(try CloudProfile.usDoD.validateOrg(URL(string: "https://x.crm.appsplatform.us")!).host == "x.crm.appsplatform.us")
        #expect(try CloudProfile.china.validateOrg(URL(string: "https://x.crm.dynamics.cn")!).host == "x.crm.dynamics.cn")
    }

    @Test("an org of another cloud is refused with a clear error")
    func mismatch() throws {
        let error = try #require(throws: CloudError.self) {
            try CloudProfile.usGovHigh.validateOrg(URL(string: "https://x.crm.dynamics.com")!)
        }
        #expect(error.code == .cloudMismatch)
        #expect(error.message == "org https://x.crm.dynamics.com belongs to the global cloud, not usgovhigh")
        let china = try #require(throws: CloudError.self) { try CloudProfile.global.org("https://y.crm.dynamics.cn") }
        #expect(china.code == .cloudMismatch)
        #expect(china.message.contains("belongs to the china cloud, not global"))
    }

    @Test("hosts of no cloud, look-alikes and plain http are refused")
    func unknownHosts() throws {
        let lookalike = try #require(throws: CloudError.self) {
            try CloudProfile.global.validateOrg(URL(string: "https://x.crm.dynamics.com.evil.example")!)
        }
        #expect(lookalike.code == .cloudUnknown)
        let plain = try #require(throws: CloudError.self) {
            try CloudProfile.global.validateOrg(URL(string: "http://x.crm.dynamics.com")!)
        }
        #expect(plain.code == .configInvalid)
    }

    @Test("a custom cloud knows its orgs by name and refuses real clouds' orgs")
    func custom() throws {
        let stage = Origin(string: "http://127.0.0.1:4001")!
        let profile = CloudProfile.custom(
            authority: Origin(string: "http://127.0.0.1:4000")!, graph: Origin(string: "http://127.0.0.1:4002")!,
            powerPlatform: Origin(string: "http://127.0.0.1:4003")!, orgs: ["stage": stage])
        #expect(try profile.org("stage") == stage)
        #expect(try profile.org("http://127.0.0.1:4001/") == stage)
        #expect(try #require(throws: CloudError.self) { try profile.org("https://x.crm.dynamics.com") }.code == .cloudMismatch)
        #expect(try #require(throws: CloudError.self) { try profile.org("prod") }.code == .configInvalid)
        #expect(try #require(throws: CloudError.self) { try profile.org("http://127.0.0.1:9") }.code == .cloudUnknown)
    }

    @Test("cloud names")
    func names() throws {
        #expect(try CloudProfile.named("usgovhigh") == .usGovHigh)
        #expect(try CloudProfile.named("DoD") == .usDoD)
        #expect(try CloudProfile.named("public") == .global)
        #expect(try #require(throws: CloudError.self) { try CloudProfile.named("mars") }.code == .cloudUnknown)
    }

    @Test("origins ignore default ports, case and trailing slashes")
    func origins() {
        #expect(Origin(string: "HTTPS://Graph.Microsoft.com:443/v1.0/") == Origin(string: "https://graph.microsoft.com"))
        #expect(Origin(string: "http://127.0.0.1:8080/x")?.description == "http://127.0.0.1:8080")
        #expect(Origin(string: "http://127.0.0.1:8080") != Origin(string: "http://127.0.0.1:8081"))
        #expect(Origin(string: "https://x.crm.dynamics.com")?.defaultScope == "https://x.crm.dynamics.com/.default")
    }
}
