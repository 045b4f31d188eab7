import PluginHost

extension Runbook {
    /// This runbook as a customer overlay changes it: environments merged per environment, parameter values set,
    /// steps replaced, removed and inserted (in that order), the overlay's plugin folders added. Every problem is
    /// reported with the overlay's file and line.
    public func applying(_ overlay: Overlay) throws(RunbookError) -> Runbook {
        var problems = ProblemList()
        var result = self
        result.customer = overlay.customer
        result.overlayFile = overlay.file
        if overlay.extends != name {
            problems.add(overlay.location, "field 'extends' names runbook '\(overlay.extends)', but \(location.file) is '\(name)'")
        }
        for (environment, settings) in overlay.environments.sorted(by: { $0.key < $1.key }) {
            guard var merged = environments[environment] else {
                problems.add(overlay.location, "environment '\(environment)' is not one of the runbook's "
                    + "(\(environmentNames.joined(separator: ", ")))" + Suggestion.hint(for: environment, in: environmentNames))
                continue
            }
            merged.merge(settings) { _, new in new }
            result.environments[environment] = merged
        }
        for (parameter, given) in overlay.parameters.sorted(by: { $0.key < $1.key }) {
            guard let declaration = parameters[parameter] else {
                problems.add(given.location, "params.\(parameter): the runbook declares no parameter '\(parameter)'"
                    + Suggestion.hint(for: parameter, in: parameters.keys))
                continue
            }
            if !given.value.conforms(to: declaration.type), !Self.isTemplate(given.value) {
                problems.add(given.location, "params.\(parameter) must be of type \(declaration.type) (got \(given.value.kindName))")
                continue
            }
            result.parameterOverrides[parameter] = given
        }
        result.pluginPaths += overlay.pluginPaths
        for (id, replacement) in overlay.replacements.sorted(by: { $0.key < $1.key }) {
            guard let index = result.steps.firstIndex(where: { $0.id == id }) else {
                problems.add(replacement.location, step: id, "replace: the runbook has no step '\(id)'"
                    + Suggestion.hint(for: id, in: result.steps.map(\.id)))
                continue
            }
            result.steps[index] = replacement
        }
        for removal in overlay.removals {
            guard let index = result.steps.firstIndex(where: { $0.id == removal.id }) else {
                problems.add(removal.location, step: removal.id, "remove: the runbook has no step '\(removal.id)'"
                    + Suggestion.hint(for: removal.id, in: result.steps.map(\.id)))
                continue
            }
            result.steps.remove(at: index)
        }
        for insertion in overlay.insertions {
            let anchor = insertion.after ?? insertion.before ?? ""
            if let existing = result.steps.first(where: { $0.id == insertion.step.id }) {
                problems.add(insertion.location, step: insertion.step.id, "insert: a step with this id already exists (at \(existing.location))")
                continue
            }
            guard let index = result.steps.firstIndex(where: { $0.id == anchor }) else {
                problems.add(insertion.location, step: insertion.step.id,
                             "insert: '\(insertion.after != nil ? "after" : "before")' names no step '\(anchor)'"
                                + Suggestion.hint(for: anchor, in: result.steps.map(\.id)))
                continue
            }
            result.steps.insert(insertion.step, at: insertion.after != nil ? index + 1 : index)
        }
        try problems.check()
        return result
    }
}
