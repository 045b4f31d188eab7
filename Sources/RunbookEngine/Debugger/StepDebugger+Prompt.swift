import LuaKit
import PluginHost

/// Where the debugger stopped: which commands make sense there.
enum DebugPlace {
    /// The step has read and planned and has not written anything.
    case beforeApply
    /// The step failed.
    case failure
    /// An HTTP exchange of the running step finished (http-error breakpoint, Ctrl-C).
    case exchange
    /// A line of a plugin is about to run (a line breakpoint, `step`, Ctrl-C).
    case line(LuaLineEvent)

    /// The step is in the middle of running Lua or HTTP.
    var isInside: Bool {
        switch self {
        case .exchange, .line: true
        case .beforeApply, .failure: false
        }
    }
}

/// How the prompt was left.
enum PromptOutcome {
    /// Go on (run the step, or go on inside it).
    case proceed
    case skip
    /// Read and plan the step again (`plan`, `set` before apply).
    case replan
    case retry
    case quit
}

extension StepDebugger {
    /// Reads and runs commands until one of them leaves the prompt.
    func prompt(_ place: DebugPlace, _ step: StepInspection) -> PromptOutcome {
        prompting = true
        DebugInterrupt.setPrompting(true)
        defer {
            prompting = false
            DebugInterrupt.setPrompting(false)
        }
        let label = text.style.cyan("(stepwise \(step.step.id)) ")
        while true {
            let line: String
            switch console.read(prompt: label) {
            case .line(let typed): line = typed
            case .end:
                say(["end of input: quitting (the run is paused; run the same command again to resume)"])
                return .quit
            case .interrupted:
                say(["Ctrl-C at the prompt: quitting (the run is paused; run the same command again to resume)"])
                return .quit
            }
            let command: DebugCommand
            do {
                guard let parsed = try DebugCommand.parse(line) else { continue }
                command = parsed
            } catch {
                say([text.style.red("error: ") + error.message])
                continue
            }
            if let outcome = run(command, place, step) { return outcome }
        }
    }

    /// Runs one command; returns how the prompt is left, or nil to stay at it.
    private func run(_ command: DebugCommand, _ place: DebugPlace, _ step: StepInspection) -> PromptOutcome? {
        switch command {
        case .help:
            say(DebugHelp.lines(at: place))
        case .continue, .next, .step:
            return go(command, place)
        case .skip:
            if place.isInside { return refuse("skip", "the step is running; quit, or continue and skip it at its failure") }
            return .skip
        case .retry:
            guard case .failure = place else { return refuse("retry", "retry re-runs a failed step; this one has not failed") }
            return .retry
        case .plan:
            return plan(place, step)
        case .inspect(let target, let index):
            say(inspect(target, index: index, place, step))
        case .eval(let code):
            say(evaluate(code, place, step))
        case .set(let name, let value):
            return set(name, value, place, step)
        case .addBreak(let target):
            do { say([try breakpoints.add(target)]) } catch { say([text.style.red("error: ") + error.message]) }
        case .listBreaks:
            say(breakpoints.listing())
        case .delete(let number):
            do { say([try breakpoints.delete(number)]) } catch { say([text.style.red("error: ") + error.message]) }
        case .locals:
            guard case .line(let event) = place else { return refuse("locals", "it works at a line of a plugin (break FILE:LINE, then step)") }
            say(locals(event))
        case .where:
            guard case .line(let event) = place else { return refuse("where", "it works at a line of a plugin (break FILE:LINE, then step)") }
            say(traceback(event))
        case .quit:
            return .quit
        }
        return nil
    }

    /// `continue`, `next` and `step`.
    private func go(_ command: DebugCommand, _ place: DebugPlace) -> PromptOutcome? {
        if case .failure = place {
            return refuse(command.name, "the step failed: retry it, skip it, or quit")
        }
        switch command {
        case .continue:
            mode = .running
            stepInto = false
        case .next:
            mode = .stepping
            stepInto = false
        default:
            mode = .stepping
            stepInto = true
        }
        return .proceed
    }

    private func refuse(_ name: String, _ reason: String) -> PromptOutcome? {
        say([text.style.red("error: ") + "\(name) is not possible here: \(reason)"])
        return nil
    }

    /// `plan`: before apply, read and plan again (the runner shows it); elsewhere plan read-only now, or show the
    /// plan the running step made.
    private func plan(_ place: DebugPlace, _ step: StepInspection) -> PromptOutcome? {
        switch place {
        case .beforeApply:
            return .replan
        case .failure:
            do {
                say(text.plan(try step.plan(), indent: ""))
            } catch {
                say([text.style.red("error: ") + "planning again failed: \(error.description)"])
            }
        case .exchange, .line:
            say(text.plan(step.changes ?? [], indent: ""))
        }
        return nil
    }

    /// `set NAME VALUE`: checked against the plugin's parameter type; before apply the step plans again.
    private func set(_ name: String, _ literal: String, _ place: DebugPlace, _ step: StepInspection) -> PromptOutcome? {
        if place.isInside { return refuse("set", "parameters change before apply or after a failure, not while the step runs") }
        guard let plugin = step.plugin else { return refuse("set", "plugin '\(step.step.uses)' did not load") }
        guard let spec = plugin.parameter(name) else {
            let names = plugin.parameters.map(\.name)
            say([text.style.red("error: ") + "\(plugin.id) has no parameter '\(name)'" + Suggestion.hint(for: name, in: names)
                + " (it has \(names.joined(separator: ", ")))"])
            return nil
        }
        let value: StepValue?
        do {
            value = try snapshot.literal(literal)
        } catch {
            say([text.style.red("error: ") + error.message])
            return nil
        }
        if let value {
            guard let accepted = spec.type.accept(value) else {
                say([text.style.red("error: ") + "\(name) is \(article(spec.type.rawValue)) \(spec.type.rawValue); \(literal) is not"])
                return nil
            }
            step.parameters[name] = accepted
        } else {
            guard !spec.required else {
                say([text.style.red("error: ") + "\(name) is required; it cannot be nil"])
                return nil
            }
            step.parameters[name] = nil
        }
        changed[step.step.id, default: []].insert(name)
        let shown = value.map { text.values.inline(DebugValue($0)) } ?? "nil (the default applies)"
        if case .beforeApply = place {
            say(["\(name) = \(shown); planning again"])
            return .replan
        }
        say(["\(name) = \(shown); retry runs the step with it"])
        return nil
    }

    private func article(_ word: String) -> String {
        word.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }
}
