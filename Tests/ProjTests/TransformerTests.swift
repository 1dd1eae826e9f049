// TransformerTests.swift — transforms against pyproj 3.7 (bundled PROJ 9.5), always_xy=True.

import Testing
@testable import Proj

// python3 -c "from pyproj import Transformer as T; t=T.from_crs('EPSG:4326','EPSG:32651',always_xy=True); print([repr(v) for p in [(121.47,31.23),(121.471,31.23),(121.471,31.2309)] for v in t.transform(*p)])"
let lonLat = [121.47, 31.23, 121.471, 31.23, 121.471, 31.2309]
let utm51 = [354280.6042573354, 3456101.0654124008, 354375.8562289804, 3456099.7467525653,
             354377.2369014396, 3456199.5094759674]

func matches(_ values: [Double], _ reference: [Double], within tolerance: Double) -> Bool {
    values.count == reference.count && zip(values, reference).allSatisfy { abs($0 - $1) <= tolerance }
}

@Test func pointToUTM51MatchesPyproj() throws {
    let transformer = try Transformer(from: "EPSG:4326", to: "EPSG:32651")
    var xy = Array(lonLat.prefix(2))
    try transformer.forward(&xy)
    #expect(matches(xy, Array(utm51.prefix(2)), within: 1e-6))
    try transformer.inverse(&xy)
    #expect(matches(xy, Array(lonLat.prefix(2)), within: 1e-9))
    #expect(transformer.source == "EPSG:4326" && transformer.target == "EPSG:32651")
}

@Test func wkbPolygonToUTM51MatchesPyproj() throws {
    let transformer = try Transformer(from: "EPSG:4326", to: "EPSG:32651")
    let closed = lonLat + lonLat.prefix(2)
    let projected = try transformer.forward(wkb: WKB.encode(.polygon([closed])))
    let rings = try WKB.polygons(projected)
    #expect(rings.count == 1)
    #expect(matches(rings.first?.first ?? [], utm51 + utm51.prefix(2), within: 1e-6))
    let back = try WKB.decode(transformer.inverse(wkb: projected))
    #expect(matches(back.coordinates, closed, within: 1e-9))
}

@Test func bigEndianWKBComesBackLittleEndian() throws {
    // The big-endian GEOMETRYCOLLECTION of WKBTests (shapely), through an identity-like transform.
    let transformer = try Transformer(from: "EPSG:4326", to: "+proj=longlat +datum=WGS84")
    let out = try transformer.forward(wkb: bytes(hex: bigEndianCollectionHex))
    #expect(out.first == 1)
    #expect(matches(try WKB.decode(out).coordinates, collection.coordinates, within: 1e-12))
}

@Test func latitude95Throws() throws {
    let transformer = try Transformer(from: "EPSG:4326", to: "EPSG:32651")
    var xy = [121.47, 31.23, 121.0, 95.0]
    let error = #expect(throws: PROJError.self) { try transformer.forward(&xy) }
    #expect(error?.message.contains("coordinate 1 (x 121.0, y 95.0)") == true)
    #expect(xy == [121.47, 31.23, 121.0, 95.0])   // unchanged on error
}

@Test func oddCountAndEmptyInput() throws {
    let transformer = try Transformer(from: "EPSG:4326", to: "EPSG:32651")
    var odd = [121.47, 31.23, 1]
    #expect(throws: PROJError.self) { try transformer.forward(&odd) }
    var empty: [Double] = []
    try transformer.forward(&empty)
    #expect(empty.isEmpty)
}

@Test func badDefinitionsThrow() {
    #expect(throws: PROJError.self) { try Transformer(from: "EPSG:4326", to: "EPSG:999999") }
    #expect(throws: PROJError.self) { try Transformer(from: "garbage", to: "EPSG:32651") }
}

@Test func usFeetOutput() throws {
    // python3 -c "from pyproj import Transformer as T; print(*map(repr, T.from_crs('EPSG:4326','EPSG:2227',always_xy=True).transform(-122.27,37.8)))"
    let transformer = try Transformer(from: "EPSG:4326", to: "EPSG:2227")
    var xy = [-122.27, 37.8]
    try transformer.forward(&xy)
    #expect(matches(xy, [6050301.410621614, 2118595.926589282], within: 1e-5))
}

@Test func eightConcurrentTasksEachWithItsOwnTransformer() async throws {
    let results = try await withThrowingTaskGroup(of: [Double].self) { group in
        for _ in 0 ..< 8 {
            group.addTask {
                let transformer = try Transformer(from: "EPSG:4326", to: "EPSG:32651")
                var xy: [Double] = []
                for _ in 0 ..< 2_000 { xy += lonLat }
                try transformer.forward(&xy)
                return xy
            }
        }
        return try await group.reduce(into: [[Double]]()) { $0.append($1) }
    }
    #expect(results.count == 8)
    for xy in results {
        #expect(xy.count == 12_000)
        #expect(matches(Array(xy.suffix(6)), utm51, within: 1e-6))
        #expect(xy == results[0])
    }
}

@Test func manyObjectsAreMadeAndFreed() throws {
    // Each object destroys its PJ* and then its own context in deinit; a wrong order would crash here.
    for index in 0 ..< 50 {
        let crs = try CRS(index.isMultiple(of: 2) ? "EPSG:32651" : "EPSG:4326")
        let transformer = try Transformer(from: "EPSG:4326", to: crs.identifier)
        var xy = Array(lonLat.prefix(2))
        try transformer.forward(&xy)
        #expect(xy.allSatisfy { $0.isFinite })
        _ = try? CRS("EPSG:999999")   // failures free what they made, too
    }
}

@Test func closedRingsComeOutAsEveryPointTransformed() throws {
    // A closed shell of the three points above, an open "ring" and a closed hole: with the closing
    // points copied from the first, every number is the one PROJ gives when sent every point
    // (pyproj's figures above for the shell's points).
    let transformer = try Transformer(from: "EPSG:4326", to: "EPSG:32651")
    let shell = lonLat + lonLat.prefix(2)                               // 4 points, closed
    let open = [121.48, 31.24, 121.481, 31.24, 121.481, 31.2409]        // 3 points, not closed
    let hole = [121.4702, 31.2302, 121.4704, 31.2302, 121.4704, 31.2304, 121.4702, 31.2302]   // 4, closed
    var rings = shell + open + hole, every = rings
    try transformer.forward(&rings, closedRings: [4, 3, 4])
    try transformer.forward(&every)
    #expect(rings == every)
    #expect(matches(Array(rings.prefix(8)), utm51 + utm51.prefix(2), within: 1e-6))
    // Sizes that do not add up to the points, and a bad point, throw and leave the numbers as given.
    var wrong = shell
    #expect(throws: PROJError.self) { try transformer.forward(&wrong, closedRings: [3]) }
    var bad = shell + [121.0, 95.0, 121.1, 31.0, 121.0, 95.0]
    let error = #expect(throws: PROJError.self) { try transformer.forward(&bad, closedRings: [4, 3]) }
    #expect(error?.message.contains("coordinate 4 (x 121.0, y 95.0)") == true)
    #expect(bad == shell + [121.0, 95.0, 121.1, 31.0, 121.0, 95.0] && wrong == shell)
}

@Test func theProjectionStepAloneGivesThePipelinesNumbers() throws {
    // Between longitude/latitude and a projection, the projection step is used alone, both ways. A
    // UTM step runs with PROJ's +algo=auto: every number must be the whole pipeline's within 0.1 mm
    // (1e-9° back in longitude/latitude), checked here on 20,000 points over Shanghai's UTM zone and
    // beyond it, where both must fail alike; and pyproj's figures still hold.
    let direct = try Transformer(from: "EPSG:4326", to: "EPSG:32651")
    let pipeline = try Transformer(from: "EPSG:4326", to: "EPSG:32651", projectionStep: false)
    let directBack = try Transformer(from: "EPSG:32651", to: "EPSG:4326")
    let pipelineBack = try Transformer(from: "EPSG:32651", to: "EPSG:4326", projectionStep: false)
    #expect(direct.projectsDirectly && !pipeline.projectsDirectly && directBack.projectsDirectly && !pipelineBack.projectsDirectly)
    var generator = SystemRandomNumberGenerator()
    var xy: [Double] = []
    for _ in 0..<20_000 { xy += [Double.random(in: 110...132, using: &generator), Double.random(in: -80...84, using: &generator)] }
    var a = xy, b = xy
    try direct.forward(&a)
    try pipeline.forward(&b)
    #expect(matches(a, b, within: 1e-4))
    var c = b, d = b, e = b, f = b
    try directBack.forward(&c)
    try pipelineBack.forward(&d)
    try direct.inverse(&e)
    try pipeline.inverse(&f)
    #expect(matches(c, d, within: 1e-9) && matches(e, f, within: 1e-9) && matches(c, xy, within: 1e-9))
    var point = Array(lonLat.prefix(2))
    try direct.forward(&point)
    #expect(matches(point, Array(utm51.prefix(2)), within: 1e-6))
    try directBack.forward(&point)
    #expect(matches(point, Array(lonLat.prefix(2)), within: 1e-9))
    // The series is what runs near the central meridian: at the zone's west edge on the equator it
    // differs from Poder–Engsager by 16 µm. pyproj 3.7 (PROJ 9.5), from_crs('EPSG:4326','EPSG:32651',
    // always_xy=True) gives 166021.44308054057; from_pipeline('+proj=pipeline +step +proj=unitconvert
    // +xy_in=deg +xy_out=rad +step +proj=utm +zone=51 +ellps=WGS84 +algo=auto') 166021.44309607794.
    var edge = [120.0, 0.0]
    try direct.forward(&edge)
    #expect(abs(edge[0] - 166021.44309607794) < 1e-8 && abs(edge[0] - 166021.44308054057) > 1e-5 && abs(edge[1]) < 1e-9)
    // Off the globe both fail, naming the same coordinate.
    var far = [121.0, 31.0, 121.0, 95.0], far2 = far
    let e1 = #expect(throws: PROJError.self) { try direct.forward(&far) }
    let e2 = #expect(throws: PROJError.self) { try pipeline.forward(&far2) }
    #expect(e1?.message == e2?.message)
    // Any other projection, or a transverse Mercator with its algorithm chosen, gives the pipeline's
    // numbers bit for bit, both ways.
    for target in ["EPSG:6933", "+proj=tmerc +lon_0=121 +ellps=WGS84 +algo=poder_engsager +units=m"] {
        let step = try Transformer(from: "EPSG:4326", to: target), whole = try Transformer(from: "EPSG:4326", to: target, projectionStep: false)
        let stepBack = try Transformer(from: target, to: "EPSG:4326"), wholeBack = try Transformer(from: target, to: "EPSG:4326", projectionStep: false)
        #expect(step.projectsDirectly && stepBack.projectsDirectly)
        var p = Array(xy.prefix(2000)).enumerated().map { $0.offset % 2 == 1 ? $0.element / 2 : $0.element }, q = p
        try step.forward(&p)
        try whole.forward(&q)
        var r = p, s = q
        try stepBack.forward(&r)
        try wholeBack.forward(&s)
        #expect(zip(p + r, q + s).allSatisfy { $0.bitPattern == $1.bitPattern })
    }
    // Not between longitude/latitude degrees and a projection: the whole pipeline.
    #expect(try !Transformer(from: "EPSG:3857", to: "EPSG:32651").projectsDirectly)
}
