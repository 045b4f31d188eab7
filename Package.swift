// swift-tools-version: 6.1
//
// Stepwise: a plugin-based automation runner for Microsoft cloud tenants.
// Layers (design §2); dependencies point one way, from bottom to top:
//
//   CLua, CCurl            system libraries (pkg-config lua5.4, libcurl)
//   CLuaShims, CCurlShims  C: Lua error trampoline, hook dispatcher, traceback, JSON-to-Lua reader; typed curl setopt/getinfo
//   JSONParsing            a byte-level JSON parser, generic over the value it builds (no dependencies)
//   LuaKit                 imports CLuaShims (internally), JSONParsing   knows no HTTP, no Microsoft
//   HTTPTransport          imports CCurlShims only (internally)         knows no Lua, no Microsoft
//   MicrosoftCloud         imports HTTPTransport, JSONParsing, Logging
//   PluginHost             imports LuaKit, MicrosoftCloud, HTTPTransport, DequeModule
//   RunbookEngine          imports PluginHost and below
//   CloudTwin              imports Hummingbird, JWTKit, Crypto, X509; none of the client targets
//   StepwiseTesting        test support: imports CloudTwin and the client targets
//   stepwise               the CLI: imports RunbookEngine, PluginHost, CloudTwin
//   stepwise-bench         `make bench`: measures the budgets of design §8
//   stepwise-lua-stress    `make asan`: LuaKit's C boundary under AddressSanitizer
import PackageDescription

let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "stepwise", targets: ["stepwise"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.0.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.70.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
    ],
    targets: [
        // MARK: C boundary
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(name: "CLuaShims", dependencies: ["CLua"]),
        .target(name: "CCurlShims", dependencies: ["CCurl"]),

        // MARK: Client layers
        .target(name: "JSONParsing"),
        .target(name: "LuaKit", dependencies: ["CLuaShims", "JSONParsing"]),
        .target(name: "HTTPTransport", dependencies: ["CCurlShims"]),
        .target(
            name: "MicrosoftCloud",
            dependencies: ["HTTPTransport", "JSONParsing", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "PluginHost",
            dependencies: ["LuaKit", "MicrosoftCloud", "HTTPTransport", .product(name: "DequeModule", package: "swift-collections")]
        ),
        .target(name: "RunbookEngine", dependencies: ["PluginHost", "MicrosoftCloud", "LuaKit", "HTTPTransport"]),

        // MARK: The twin (shares no code with the clients)
        .target(
            name: "CloudTwin",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Scenarios")]
        ),

        // MARK: Test support, CLI, benchmarks
        .target(
            name: "StepwiseTesting",
            dependencies: [
                "CloudTwin", "LuaKit", "HTTPTransport", "MicrosoftCloud", "PluginHost", "RunbookEngine",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "stepwise",
            dependencies: [
                "RunbookEngine", "PluginHost", "MicrosoftCloud", "LuaKit", "HTTPTransport", "CloudTwin", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "stepwise-lua-stress", dependencies: ["LuaKit"]),
        .executableTarget(
            name: "stepwise-bench",
            dependencies: [
                "LuaKit", "HTTPTransport", "MicrosoftCloud", "PluginHost", "RunbookEngine", "CloudTwin",
                "StepwiseTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),

        // MARK: Tests, in tiers: unit per layer, contract tests against a live twin, end to end on the binary
        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit"]),
        .testTarget(
            name: "HTTPTransportTests",
            dependencies: [
                "HTTPTransport", "StepwiseTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CloudTwinTests",
            dependencies: [
                "CloudTwin", "StepwiseTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
        .testTarget(
            name: "MicrosoftCloudTests",
            dependencies: [
                "MicrosoftCloud", "StepwiseTesting", "HTTPTransport", "CloudTwin",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "PluginHostTests", dependencies: ["PluginHost", "StepwiseTesting"]),
        .testTarget(name: "RunbookEngineTests", dependencies: ["RunbookEngine", "StepwiseTesting"]),
        .testTarget(name: "StepwiseEndToEndTests", dependencies: ["StepwiseTesting"]),
    ]
)

// Strict settings for every Swift target, in one place.
for target in package.targets where target.type != .system && target.name != "CLuaShims" && target.name != "CCurlShims" {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
