/// Placeholder until the StepwiseTesting layer lands.
enum StepwiseTestingPlaceholder {}
