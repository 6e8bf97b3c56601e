// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Gateboard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gateboard", targets: ["gateboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // The only C in the project: ncurses through a system library target.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // Value types and pure decisions. No I/O.
        .target(
            name: "GateboardCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The board directory: parsing, validation, atomic writes, locking, audit log.
        .target(
            name: "GateboardStore",
            dependencies: [
                "GateboardCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Screen buffer, views and the TUI state machine. No ncurses here.
        .target(name: "GateboardUI", dependencies: ["GateboardCore"]),
        // The one importer of CNcursesw.
        .target(name: "GateboardTerminal", dependencies: ["CNcursesw", "GateboardUI"]),
        // Team use over git: merge driver, setup, sync. Git through Process, no libgit.
        .target(name: "GateboardSync", dependencies: ["GateboardCore", "GateboardStore"]),
        // What the command line prints (text, JSON, Markdown), checked stdout, action results.
        .target(name: "GateboardCLI", dependencies: ["GateboardCore", "GateboardStore"]),
        .executableTarget(
            name: "gateboard",
            dependencies: [
                "GateboardCLI", "GateboardCore", "GateboardStore", "GateboardUI", "GateboardTerminal", "GateboardSync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmark tools (make bench): synthetic boards and in-process frame timing.
        .executableTarget(
            name: "gateboard-bench",
            dependencies: ["GateboardCore", "GateboardStore", "GateboardUI", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Test support shared by the store's and sync's tests: the fault-injecting file
        // system, the folder outside the board that symlink attacks aim at.
        .target(name: "GateboardTestSupport", dependencies: ["GateboardStore"]),
        .testTarget(name: "GateboardCoreTests", dependencies: ["GateboardCore"]),
        .testTarget(
            name: "GateboardStoreTests",
            dependencies: ["GateboardStore", "GateboardCore", "GateboardTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "GateboardUITests",
            dependencies: ["GateboardUI", "GateboardCore"],
            resources: [.copy("Snapshots")]
        ),
        .testTarget(name: "GateboardTerminalTests", dependencies: ["GateboardTerminal", "CNcursesw"]),
        .testTarget(name: "GateboardSyncTests", dependencies: ["GateboardSync", "GateboardStore", "GateboardCore", "GateboardTestSupport"]),
        .testTarget(name: "GateboardCLITests", dependencies: ["GateboardCLI", "GateboardCore", "GateboardStore"]),
        .testTarget(name: "GateboardEndToEndTests", dependencies: ["GateboardCore", "GateboardStore"]),
    ],
    swiftLanguageModes: [.v6]
)
