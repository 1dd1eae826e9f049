// Layout.swift — the city's land: a 4×4 lattice of districts over a 5×5 grid of jittered shared
// vertices (each lattice edge a polyline of shared jittered points, so districts tile the city
// exactly), a grid of blocks per district separated by roads, parcels cut from the blocks, a
// meandering river and protected areas. Everything is in metres in UTM zone 51N (EPSG:32651).
//
// Invariants the truth relies on: a block lies inside its district at a clearance from the district
// boundary; a block touches a road strip only along its edge; no block comes near the river; a
// protected area is a union of whole grid cells, so a block is either inside it or clear of it.

import Foundation

enum LandUse: UInt8, CaseIterable {
    case residential, industrial, commercial, arable, green
    var name: String {
        switch self {
        case .residential: "residential"
        case .industrial: "industrial"
        case .commercial: "commercial"
        case .arable: "arable"
        case .green: "green"
        }
    }
    /// Nominal building slot side (metres, before the density scale) and the share of slots built on.
    var slotSize: Double {
        switch self {
        case .residential: 30
        case .commercial: 45
        case .industrial: 60
        case .arable: 55
        case .green: 60
        }
    }
    var occupancy: Double {
        switch self {
        case .residential: 1.0
        case .commercial: 0.9
        case .industrial: 0.85
        case .arable: 0.35
        case .green: 0.15
        }
    }
}

enum ExclusionKind: String { case road, river, protected }

struct DistrictShape {
    let name: String
    let quad: Quad          // the four lattice corners (chords of the boundary edges)
    var ring: [Vec2] = []   // the real boundary: the four polylines, counter-clockwise
    var neighbours: [Int] = []
}

struct Parcel {
    let district: Int
    let quad: Quad
    let landUse: LandUse
    let protected: Bool
}

struct Exclusion {
    let kind: ExclusionKind
    let ring: [Vec2]
}

/// One straight piece of an interior district boundary, with the districts on either side.
struct BoundarySegment {
    let p0: Vec2, p1: Vec2
    let left: Int, right: Int
}

/// A road between two blocks, away from intersections and from the district boundary.
struct RoadStretch {
    let district: Int
    let p0: Vec2, p1: Vec2
    let halfWidth: Double
}

struct River {
    let centerline: [Vec2]   // sampled at a uniform x step
    let x0: Double, dx: Double
    let halfWidth: Double
    let ring: [Vec2]

    /// Distance from q to the centerline, looking only at samples within `reach` in x.
    func distance(_ q: Vec2, reach: Double) -> Double {
        let lo = max(0, Int(((q.x - reach) - x0) / dx) - 1)
        let hi = min(centerline.count - 2, Int(((q.x + reach) - x0) / dx) + 1)
        if lo > hi { return .infinity }
        var best = Double.infinity
        for i in lo...hi { best = min(best, Planar.pointSegmentDistance(q, centerline[i], centerline[i + 1])) }
        return best
    }

    /// Distance from a ring to the centerline (0 if it crosses).
    func distance(ring: [Vec2], reach: Double) -> Double {
        var minX = Double.infinity, maxX = -Double.infinity
        for p in ring { minX = min(minX, p.x); maxX = max(maxX, p.x) }
        let lo = max(0, Int(((minX - reach) - x0) / dx) - 1)
        let hi = min(centerline.count - 2, Int(((maxX + reach) - x0) / dx) + 1)
        if lo > hi { return .infinity }
        var best = Double.infinity
        for i in lo...hi {
            for j in 0..<ring.count {
                best = min(best, Planar.segmentDistance(ring[j], ring[(j + 1) % ring.count], centerline[i], centerline[i + 1]))
            }
        }
        return best
    }
}

struct Layout {
    static let names = ["黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区",
                        "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区"]
    /// Lattice placement, north row first, west to east (a loose nod to the real map).
    static let placement = [["嘉定区", "宝山区", "杨浦区", "崇明区"],
                            ["青浦区", "普陀区", "静安区", "虹口区"],
                            ["松江区", "长宁区", "黄浦区", "浦东新区"],
                            ["金山区", "闵行区", "徐汇区", "奉贤区"]]
    static let urban: Set<String> = ["黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区"]
    static let rural: Set<String> = ["崇明区", "金山区", "奉贤区"]
    static let protectedDistricts: Set<String> = ["崇明区", "青浦区"]

    /// UTM 51N coordinates of lon 121.5, lat 31.15 (rounded): the city centre.
    static let centre = Vec2(357_000, 3_447_200)

    let side: Double
    var districts: [DistrictShape] = []   // in `names` order
    var parcels: [Parcel] = []
    var exclusions: [Exclusion] = []
    var boundarySegments: [BoundarySegment] = []
    var roadStretches: [RoadStretch] = []
    var river = River(centerline: [], x0: 0, dx: 1, halfWidth: 0, ring: [])
    /// Half-width of the road along every district boundary, and the largest boundary jitter.
    let boundaryRoadHalfWidth = 10.0
    let boundaryJitter: Double

    init(side: Double, seed: UInt64) {
        self.side = side
        var rng = Rng(seed: seed, stream: 1)
        let cell = side / 4
        boundaryJitter = min(40, 0.02 * cell)
        let margin = boundaryRoadHalfWidth + boundaryJitter + 12

        // 5×5 lattice of jittered vertices; i runs east, j north.
        let origin = Layout.centre - Vec2(side / 2, side / 2)
        var lattice = [[Vec2]](repeating: [], count: 5)
        for i in 0...4 {
            for j in 0...4 {
                let outer = i == 0 || i == 4 || j == 0 || j == 4
                let amp = (outer ? 0.08 : 0.12) * cell
                lattice[i].append(origin + Vec2(Double(i) * cell + rng.uniform(-amp, amp),
                                                Double(j) * cell + rng.uniform(-amp, amp)))
            }
        }

        // Each lattice edge becomes a polyline with jittered interior points, shared by both sides.
        func polyline(_ a: Vec2, _ b: Vec2) -> [Vec2] {
            let len = (b - a).length
            let k = max(3, min(12, Int(len / 300)))
            let n = (b - a).unit.left
            var pts = [a]
            for m in 1..<k {
                let t = (Double(m) + rng.uniform(-0.2, 0.2)) / Double(k)
                pts.append(Vec2.lerp(a, b, t) + n * rng.uniform(-boundaryJitter, boundaryJitter))
            }
            pts.append(b)
            return pts
        }
        var horizontal = [[[Vec2]]](repeating: [], count: 4)   // [i][j]: lattice[i][j] → lattice[i+1][j]
        for i in 0..<4 { for j in 0...4 { horizontal[i].append(polyline(lattice[i][j], lattice[i + 1][j])) } }
        var vertical = [[[Vec2]]](repeating: [], count: 5)     // [i][j]: lattice[i][j] → lattice[i][j+1]
        for i in 0...4 { for j in 0..<4 { vertical[i].append(polyline(lattice[i][j], lattice[i][j + 1])) } }

        // Districts in `names` order; cell (ci, cj) with cj counted from the south.
        var cellOf: [String: (Int, Int)] = [:]
        for (row, names) in Layout.placement.enumerated() {
            for (col, name) in names.enumerated() { cellOf[name] = (col, 3 - row) }
        }
        var indexAt = [[Int]](repeating: [Int](repeating: 0, count: 4), count: 4)
        for (k, name) in Layout.names.enumerated() {
            let (ci, cj) = cellOf[name]!
            indexAt[ci][cj] = k
            let q = Quad(a: lattice[ci][cj], b: lattice[ci + 1][cj], c: lattice[ci + 1][cj + 1], d: lattice[ci][cj + 1])
            var d = DistrictShape(name: name, quad: q)
            let bottom = horizontal[ci][cj], right = vertical[ci + 1][cj]
            let top = Array(horizontal[ci][cj + 1].reversed()), left = Array(vertical[ci][cj].reversed())
            d.ring = Array(bottom.dropLast()) + Array(right.dropLast()) + Array(top.dropLast()) + Array(left.dropLast())
            districts.append(d)
        }
        for k in districts.indices {
            let (ci, cj) = cellOf[districts[k].name]!
            for (di, dj) in [(0, 1), (1, 0), (0, -1), (-1, 0)] {
                let ni = ci + di, nj = cj + dj
                if (0..<4).contains(ni), (0..<4).contains(nj) { districts[k].neighbours.append(indexAt[ni][nj]) }
            }
        }

        // Boundary roads: a strip along every polyline segment; interior segments also carry
        // the districts on each side (for buildings that straddle the boundary).
        func addBoundary(_ pts: [Vec2], left: Int?, right: Int?) {
            for s in 0..<(pts.count - 1) {
                let p0 = pts[s], p1 = pts[s + 1]
                exclusions.append(Exclusion(kind: .road, ring: Layout.strip(p0, p1, boundaryRoadHalfWidth)))
                if let l = left, let r = right { boundarySegments.append(BoundarySegment(p0: p0, p1: p1, left: l, right: r)) }
            }
        }
        for i in 0..<4 {
            for j in 0...4 {
                addBoundary(horizontal[i][j], left: j < 4 ? indexAt[i][j] : nil, right: j > 0 ? indexAt[i][j - 1] : nil)
            }
        }
        for i in 0...4 {
            for j in 0..<4 {
                addBoundary(vertical[i][j], left: i > 0 ? indexAt[i - 1][j] : nil, right: i < 4 ? indexAt[i][j] : nil)
            }
        }

        // The river: a band around a meandering west–east centerline through the middle third.
        let halfWidth = max(25, min(150, 0.006 * side))
        let dx = halfWidth
        let x0 = origin.x - 0.05 * side
        let count = Int(1.1 * side / dx) + 2
        let yc = Layout.centre.y + rng.uniform(-0.15, 0.15) * side
        let a1 = 0.04 * side, l1 = 0.5 * side, p1 = rng.uniform(0, 2 * .pi)
        let a2 = 0.015 * side, l2 = 0.17 * side, p2 = rng.uniform(0, 2 * .pi)
        var centerline: [Vec2] = [], leftBank: [Vec2] = [], rightBank: [Vec2] = []
        for s in 0..<count {
            let x = x0 + Double(s) * dx
            let y = yc + a1 * sin(2 * .pi * x / l1 + p1) + a2 * sin(2 * .pi * x / l2 + p2)
            let slope = a1 * 2 * .pi / l1 * cos(2 * .pi * x / l1 + p1) + a2 * 2 * .pi / l2 * cos(2 * .pi * x / l2 + p2)
            let n = Vec2(1, slope).unit.left
            let c = Vec2(x, y)
            centerline.append(c)
            leftBank.append(c + n * halfWidth)
            rightBank.append(c - n * halfWidth)
        }
        let riverRing = rightBank + leftBank.reversed()
        river = River(centerline: centerline, x0: x0, dx: dx, halfWidth: halfWidth, ring: riverRing)
        exclusions.append(Exclusion(kind: .river, ring: riverRing))

        // Blocks and parcels, district by district.
        for k in districts.indices {
            let d = districts[k]
            let profile = Layout.urban.contains(d.name) ? 0 : (Layout.rural.contains(d.name) ? 2 : 1)
            let blockSize = [rng.uniform(150, 190), rng.uniform(180, 240), rng.uniform(220, 300)][profile]
            let nU = max(2, Int((d.quad.lengthU / blockSize).rounded()))
            let nV = max(2, Int((d.quad.lengthV / blockSize).rounded()))
            func gridLines(_ n: Int) -> [Double] {
                (0...n).map { i in i == 0 ? 0 : (i == n ? 1 : (Double(i) + rng.uniform(-0.2, 0.2)) / Double(n)) }
            }
            let us = gridLines(nU), vs = gridLines(nV)
            func roadWidths(_ n: Int) -> [Double] {   // half-widths of the interior lines 1..n-1
                let phase = rng.int(0, 3)
                return (0...n).map { i in (i == 0 || i == n) ? margin : ((i + phase) % 4 == 0 ? 14 : rng.uniform(6, 9)) }
            }
            let du = roadWidths(nU), dv = roadWidths(nV)
            let q = d.quad
            for i in 1..<nU {
                exclusions.append(Exclusion(kind: .road, ring: Layout.strip(q.point(us[i], 0), q.point(us[i], 1), du[i])))
            }
            for j in 1..<nV {
                exclusions.append(Exclusion(kind: .road, ring: Layout.strip(q.point(0, vs[j]), q.point(1, vs[j]), dv[j])))
            }
            // Road stretches between blocks, away from the boundary rows and columns.
            if nV >= 3 {
                for i in 1..<nU { for j in 1..<(nV - 1) {
                    roadStretches.append(RoadStretch(district: k, p0: q.point(us[i], vs[j]), p1: q.point(us[i], vs[j + 1]), halfWidth: du[i]))
                } }
            }
            if nU >= 3 {
                for j in 1..<nV { for i in 1..<(nU - 1) {
                    roadStretches.append(RoadStretch(district: k, p0: q.point(us[i], vs[j]), p1: q.point(us[i + 1], vs[j]), halfWidth: dv[j]))
                } }
            }

            // A protected area: a rectangle of whole cells (its edges run along road centrelines).
            var prot: (Int, Int, Int, Int)? = nil
            if Layout.protectedDistricts.contains(d.name), nU >= 3, nV >= 3 {
                let wu = max(1, nU * 2 / 5), wv = max(1, nV * 2 / 5)
                let i0 = rng.int(0, nU - wu), j0 = rng.int(0, nV - wv)
                prot = (i0, i0 + wu - 1, j0, j0 + wv - 1)
                let pq = q.sub(us[i0], us[i0 + wu], vs[j0], vs[j0 + wv])
                exclusions.append(Exclusion(kind: .protected, ring: pq.corners))
            }

            for j in 0..<nV {
                for i in 0..<nU {
                    let cellQuad = q.sub(us[i], us[i + 1], vs[j], vs[j + 1])
                    guard let block = cellQuad.inset(bottom: dv[j], right: du[i + 1], top: dv[j + 1], left: du[i]) else { continue }
                    if i == 0 || j == 0 || i == nU - 1 || j == nV - 1 {
                        guard Planar.contains(d.ring, block.center),
                              Planar.boundaryDistance(block.corners, d.ring) >= 5 else { continue }
                    }
                    if river.distance(ring: block.corners, reach: halfWidth + 30) < halfWidth + 15 { continue }
                    let isProtected = prot.map { i >= $0.0 && i <= $0.1 && j >= $0.2 && j <= $0.3 } ?? false
                    // Cut the block into 1–3 parcels across its longer direction.
                    let alongU = block.lengthU >= block.lengthV
                    let long = alongU ? block.lengthU : block.lengthV
                    let pieces = long > 110 ? rng.int(1, 3) : 1
                    var cuts = [0.0]
                    for m in 1..<max(pieces, 1) { cuts.append((Double(m) + rng.uniform(-0.15, 0.15)) / Double(pieces)) }
                    cuts.append(1)
                    for m in 0..<(cuts.count - 1) {
                        let pq = alongU ? block.sub(cuts[m], cuts[m + 1], 0, 1) : block.sub(0, 1, cuts[m], cuts[m + 1])
                        let use = isProtected ? (rng.chance(0.6) ? LandUse.green : .arable) : Layout.landUse(profile, &rng)
                        parcels.append(Parcel(district: k, quad: pq, landUse: use, protected: isProtected))
                    }
                }
            }
        }
    }

    static func landUse(_ profile: Int, _ rng: inout Rng) -> LandUse {
        let table: [(LandUse, Double)]
        switch profile {
        case 0: table = [(.residential, 0.55), (.commercial, 0.3), (.industrial, 0.1), (.green, 0.05)]
        case 1: table = [(.residential, 0.4), (.industrial, 0.3), (.commercial, 0.1), (.arable, 0.1), (.green, 0.1)]
        default: table = [(.arable, 0.45), (.industrial, 0.2), (.residential, 0.2), (.green, 0.1), (.commercial, 0.05)]
        }
        var r = rng.unit()
        for (use, p) in table {
            if r < p { return use }
            r -= p
        }
        return table[0].0
    }

    /// A rectangle of half-width `h` around the segment p0–p1 (counter-clockwise).
    static func strip(_ p0: Vec2, _ p1: Vec2, _ h: Double) -> [Vec2] {
        let n = (p1 - p0).unit.left * h
        return [p0 - n, p1 - n, p1 + n, p0 + n]
    }

    /// The district whose boundary ring contains q, if any.
    func district(containing q: Vec2) -> Int? {
        districts.indices.first { Planar.contains(districts[$0].ring, q) }
    }
}
