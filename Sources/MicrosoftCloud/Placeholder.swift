/// Placeholder until the MicrosoftCloud layer lands.
enum MicrosoftCloudPlaceholder {}
