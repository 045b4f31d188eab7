/// Placeholder until the RunbookEngine layer lands.
enum RunbookEnginePlaceholder {}
