// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "parcels",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "parcels", targets: ["ParcelsCLI"]),
        .executable(name: "parcels-citygen", targets: ["parcels-citygen"]),
        .library(name: "Parcels", targets: ["Parcels"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries, found through pkg-config; each module is a modulemap and a shim header only.
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        // SQLite, under GDAL already: GeoPackage rows are read through it directly (GeoIO).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // Wrappers: the only modules that touch C pointers.
        .target(name: "Geos", dependencies: ["CGEOS"]),
        .target(name: "Proj", dependencies: ["CPROJ"]),
        .target(name: "GeoIO", dependencies: ["CGDAL", "CSQLite"]),

        // The domain and its front ends.
        .target(name: "Parcels", dependencies: ["Geos", "Proj", "GeoIO", "MallocConfig"]),
        // jemalloc's options for the release build (a C variable) and a call that hands freed pages back
        // between the report's phases (a no-op under the system malloc).
        .target(name: "MallocConfig"),
        .executableTarget(name: "ParcelsCLI", dependencies: [
            "Parcels", "GeoIO", "MallocConfig", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [
            // jemalloc in release builds: a city's report makes tens of millions of small allocations
            // on several threads, where glibc's malloc cost ~20 % of the run and more memory
            // (docs/performance.md). Debug builds keep the system malloc, which the sanitizers and
            // valgrind replace.
            .linkedLibrary("jemalloc", .when(configuration: .release)),
        ]),
        // Deterministic synthetic city (geodata/ and the scale benchmarks).
        .target(name: "CityGen", dependencies: ["Proj", "GeoIO"]),
        .executableTarget(name: "parcels-citygen", dependencies: [
            "CityGen", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Micro-benchmark of the Geos wrapper against the GEOS C API (docs/performance.md):
        // swift run -c release WrapperBench [--rounds 21]
        .executableTarget(name: "WrapperBench", dependencies: ["Geos", "CGEOS"]),

        .testTarget(name: "GeosTests", dependencies: ["Geos"]),
        .testTarget(name: "ProjTests", dependencies: ["Proj", "CityGen"]),   // CityGen: its seeded generator
        .testTarget(name: "GeoIOTests", dependencies: ["GeoIO"]),
        .testTarget(name: "ParcelsTests", dependencies: ["Parcels", "CityGen", "Geos", "Proj", "GeoIO"]),
        .testTarget(name: "ParcelsCLITests", dependencies: ["ParcelsCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
