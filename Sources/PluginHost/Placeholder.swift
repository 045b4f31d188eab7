/// Placeholder until the PluginHost layer lands.
enum PluginHostPlaceholder {}
