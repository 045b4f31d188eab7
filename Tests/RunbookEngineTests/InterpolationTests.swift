import PluginHost
import RunbookEngine
import Testing

@Suite struct InterpolationTests {
    let scope = InterpolationScope(
        environment: "stage", settings: ["tenant": "contoso.onmicrosoft.com", "port": .int(8080)], customer: "contoso",
        parameters: ["days": .int(180), "flag": .bool(true), "name": "adobe campaign stage", "list": ["a", "b"]],
        outputs: ["app": ["client_id": "c1", "object_id": "o1"]], pendingSteps: ["secret"])

    @Test func aSoleReferenceKeepsItsType() throws {
        #expect(try StepValue.string("${params.days}").interpolated(in: scope, path: "with.x") == .int(180))
        #expect(try StepValue.string("${params.flag}").interpolated(in: scope, path: "with.x") == .bool(true))
        #expect(try StepValue.string("${params.list}").interpolated(in: scope, path: "with.x") == ["a", "b"])
        #expect(try StepValue.string("${env.port}").interpolated(in: scope, path: "with.x") == .int(8080))
    }

    @Test func textWithReferencesBecomesText() throws {
        let value = StepValue.string("${customer}/${env} ${params.days} days, tenant ${env.tenant}, app ${outputs.app.client_id}")
        #expect(try value.interpolated(in: scope, path: "with.x")
            == .string("contoso/stage 180 days, tenant contoso.onmicrosoft.com, app c1"))
        #expect(try StepValue.string("plain").interpolated(in: scope, path: "with.x") == "plain")
    }

    @Test func tablesAndListsAreInterpolatedRecursively() throws {
        let value: StepValue = ["owner": "${outputs.app.object_id}", "names": ["${env}", "x-${params.days}"], "n": 3]
        #expect(try value.interpolated(in: scope, path: "with")
            == ["owner": "o1", "names": ["stage", "x-180"], "n": 3])
    }

    @Test func outputsOfPendingStepsAreUnknownInPlanMode() throws {
        #expect(try StepValue.string("${outputs.secret.key_id}").interpolated(in: scope, path: "with.k")
            == .unknown("outputs.secret.key_id"))
        let text = try StepValue.string("key ${outputs.secret.key_id}").interpolated(in: scope, path: "with.k")
        #expect(text == .unknown("key ${outputs.secret.key_id}"))
        let nested = try StepValue.array(["${outputs.secret.key_id}"]).interpolated(in: scope, path: "with.k")
        #expect(nested?.containsUnknown == true)
    }

    @Test func aMissingOutputLeavesTheParameterOut() throws {
        let value: StepValue = ["a": "${outputs.app.missing}", "b": "x"]
        #expect(try value.interpolated(in: scope, path: "with") == ["b": "x"])
    }

    @Test func unresolvableReferencesAreErrorsNamingThePath() throws {
        func message(_ value: StepValue) -> String {
            do {
                _ = try value.interpolated(in: scope, path: "with.v")
                return "no error"
            } catch {
                return String(describing: error)
            }
        }
        #expect(message("${outputs.later.id}") == "with.v: ${outputs.later.id}: step 'later' has not run")
        #expect(message("${env.org}").hasPrefix("with.v: ${env.org}: environment 'stage' has no setting 'org'"))
        #expect(message("${params.nope}") == "with.v: ${params.nope}: parameter 'nope' has no value")
        #expect(message("names: ${params.list}").hasPrefix("with.v: ${params.list} is a list, which cannot be part of the text"))
        #expect(message("${foo}").hasPrefix("with.v: unknown reference ${foo}"))
    }

    @Test func templatesParseTheirReferences() throws {
        let template = try Template(parsing: "a ${env} b ${outputs.app.client_id}")
        #expect(template.references == [.environmentName, .output(step: "app", name: "client_id")])
        #expect(template.soleReference == nil)
        #expect(try Template(parsing: "${params.x}").soleReference == .parameter("x"))
        #expect(throws: TemplateError.self) { try Template(parsing: "${outputs.app}") }
        #expect(throws: TemplateError.self) { try Template(parsing: "${env.a.b}") }
    }
}
