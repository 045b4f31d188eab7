/// Placeholder until the CloudTwin layer lands.
enum CloudTwinPlaceholder {}
