public import PluginHost

extension Runbook {
    /// Everything that can be checked before any request, for one environment: each step's plugin exists and its
    /// declaration is valid, `${outputs.STEP.NAME}` names an earlier step and an output its plugin declares, and the
    /// step's parameters (with runbook parameters and environment settings resolved, outputs unknown) fit the
    /// plugin's declaration: required ones present, no unknown ones, types right. Every problem names the file,
    /// line, step and field.
    public func validate(
        environment: String, settings: [String: StepValue], parameters: [String: StepValue], host: PluginHost
    ) throws(RunbookError) {
        var problems = ProblemList()
        var plugins: [String: Plugin] = [:]
        var earlier: [String] = []
        let scope = InterpolationScope(
            environment: environment, settings: settings, customer: customer, parameters: parameters,
            pendingSteps: Set(steps.map(\.id)))
        for step in steps {
            let plugin: Plugin?
            do throws(PluginLoadError) {
                plugin = try host.plugin(step.uses)
            } catch {
                plugin = nil
                if error.file == nil {
                    // The catalogue is walked only for the hint: listing every plugin folder cost more than
                    // loading a runbook's plugins.
                    problems.add(step.location, step: step.id, "unknown plugin '\(step.uses)'"
                        + Suggestion.hint(for: step.uses, in: host.catalogue.files().map(\.id)))
                } else {
                    problems.add(step.location, step: step.id, "plugin '\(step.uses)' does not load: \(error)")
                }
            }
            if let plugin { plugins[step.id] = plugin }
            for (field, reference) in Self.references(in: step) {
                guard case .output(let other, let name) = reference else {
                    if case .parameter(let parameter) = reference, self.parameters[parameter] == nil {
                        problems.add(step.location(of: field), step: step.id, "field '\(field)': ${params.\(parameter)}: "
                            + "the runbook declares no parameter '\(parameter)'" + Suggestion.hint(for: parameter, in: self.parameters.keys))
                    }
                    continue
                }
                if other == step.id {
                    problems.add(step.location(of: field), step: step.id, "field '\(field)': ${outputs.\(other).\(name)} refers to the step itself")
                } else if !earlier.contains(other) {
                    let later = steps.contains { $0.id == other }
                    problems.add(step.location(of: field), step: step.id, "field '\(field)': ${outputs.\(other).\(name)} "
                        + (later ? "refers to step '\(other)', which runs later" : "refers to an unknown step '\(other)'"
                            + Suggestion.hint(for: other, in: earlier)))
                } else if let producer = plugins[other], !producer.outputs.contains(where: { $0.name == name }) {
                    problems.add(step.location(of: field), step: step.id, "field '\(field)': step '\(other)' "
                        + "(\(producer.id)) has no output '\(name)'" + Suggestion.hint(for: name, in: producer.outputs.map(\.name)))
                }
            }
            earlier.append(step.id)
            guard let plugin else { continue }
            var given: [String: StepValue] = [:]
            var resolvable = true
            for (name, value) in step.with {
                do throws(InterpolationError) {
                    if let resolved = try value.interpolated(in: scope, path: "with.\(name)") { given[name] = resolved }
                } catch {
                    resolvable = false
                    problems.add(step.location(of: "with.\(name)"), step: step.id, "field '\(error.path)': " + error.message)
                }
            }
            guard resolvable else { continue }
            do throws(ParameterError) {
                _ = try plugin.resolveParameters(given, step: step.id)
            } catch {
                for issue in error.issues {
                    let name = issue.firstMatch(of: /parameter '([^']+)'/).map { String($0.1) }
                    problems.add(name.map { step.location(of: "with.\($0)") } ?? step.location, step: step.id,
                                 "\(plugin.id): \(issue)")
                }
            }
        }
        try problems.check()
    }

    /// Every `${...}` in a step's `with`, with the field it is in.
    static func references(in step: StepSpec) -> [(field: String, reference: Reference)] {
        var out: [(String, Reference)] = []
        func walk(_ value: StepValue, _ field: String) {
            switch value {
            case .string(let text):
                for reference in (try? Template(parsing: text))?.references ?? [] { out.append((field, reference)) }
            case .array(let elements):
                for (index, element) in elements.enumerated() { walk(element, "\(field)[\(index + 1)]") }
            case .object(let members):
                for key in members.keys.sorted() { walk(members[key]!, "\(field).\(key)") }
            default:
                break
            }
        }
        for key in step.with.keys.sorted() { walk(step.with[key]!, "with.\(key)") }
        return out
    }
}
