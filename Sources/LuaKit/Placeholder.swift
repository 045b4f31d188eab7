/// Placeholder until the LuaKit layer lands.
enum LuaKitPlaceholder {}
