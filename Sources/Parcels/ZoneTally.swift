// Land split by zone, counted once. A list of pieces (footprints, or cleared land) is made disjoint
// (each piece loses what earlier pieces already cover, so overlapping footprints count once), then
// each piece is cut by the zones it meets (a prepared `containsProperly` settles the common case of
// a piece wholly inside one zone), and optionally by the exclusions (freed land) and the parcels.
// Every part is measured on the ellipsoid; each piece's whole area is kept too, so the report can
// check that its zone parts and the part outside every zone add up to it.
import Geos
import Proj

/// The zone index used for land outside every zone.
let outsideZones = -1

struct ZonePart: Sendable {
    var zone: Int
    var m2: Double
    var wkb: WKBBytes?
}

struct PieceTally: Sendable {
    /// Ellipsoidal area of the piece after overlaps with earlier pieces were removed.
    var wholeM2: Double = 0
    /// The zone holding most of the original piece (nil when it meets no zone).
    var majorityZone: Int?
    var parts: [ZonePart] = []
    /// Set instead of `parts` when the whole piece lies in one zone and no geometry is kept (most of
    /// a city: no list per building).
    var inOneZone: Int?
    /// Freed land (the piece minus exclusions) by zone, `outsideZones` for the part outside every zone.
    var freed: [ZonePart] = []
    /// Freed land by parcel: (parcel index, zone or `outsideZones`, m²), each piece of land on one
    /// parcel only (where parcels overlap, the first in the layer).
    var parcels: [(parcel: Int, zone: Int, m2: Double)] = []
    /// Freed land lying on more than one parcel (m²), and those parcels (indexes).
    var parcelOverlap: (m2: Double, parcels: Set<Int>) = (0, [])
    /// The piece repeats an earlier piece's outline (within `TallyInputs.repeatTolerance`).
    var repeatsEarlier = false
    /// How far the zone parts' areas may add up apart from `wholeM2` when the piece was cut by zone
    /// boundaries (`cutAllowance`); 0 when it was not cut.
    var zoneCutAllowanceM2 = 0.0
    /// The same for each freed part's shares among the parcels that cut it: (zone of the part, m²).
    var parcelCutAllowance: [(zone: Int, m2: Double)] = []
    /// How far each freed part may measure above the cleared land of its zone it was cut from, where
    /// exclusions cut the piece (`freedAllowance`): (zone of the part, m²).
    var freedCutAllowance: [(zone: Int, m2: Double)] = []
    /// How far the piece may measure above the footprint it was cut from (`clearedAllowance`), m².
    var clearedCutAllowanceM2 = 0.0

    /// The piece's land by zone, whichever way it is held.
    var zoneParts: [ZonePart] { inOneZone.map { [ZonePart(zone: $0, m2: wholeM2)] } ?? parts }

    /// `body` for each of `zoneParts`, without making a list for a piece held in one zone (a city's
    /// million buildings: an array each).
    func forEachZonePart(_ body: (_ zone: Int, _ m2: Double) throws -> Void) rethrows {
        if let inOneZone { return try body(inOneZone, wholeM2) }
        for part in parts { try body(part.zone, part.m2) }
    }
}

struct TallyInputs: Sendable {
    var zones: [PolygonFeature]
    var exclusions: [PolygonFeature]? = nil
    var parcels: [PolygonFeature]? = nil
    var dedupe = true
    /// With `dedupe`: tells pieces that repeat an earlier one's outline within this many metres (a
    /// building digitised twice), vertex for vertex or along its walls, as change detection does.
    var repeatTolerance: Double? = nil
    var keepGeometry = false
    /// Settles which zone holds a piece from its envelope, where it can.
    var grid: ZoneGrid? = nil
    /// The index of the pieces' own envelopes when the caller has it (built here when nil).
    var ownIndex: SpatialIndex? = nil
    /// The exclusions' tiles when the caller has them (built here when nil).
    var exclusionIndex: TiledIndex? = nil
}

private struct TallyState {
    let w: Worker
    let zones: LayerCache
    let exclusions: LayerCache?
    let parcels: LayerCache?
}

/// A piece of land to tally: a footprint or a piece of cleared land, in the overlay CRS.
protocol LandPiece: Sendable {
    var wkb: WKBBytes { get }
    var envelope: Envelope { get }
    /// Its ellipsoidal area when already known (features are measured when read).
    var knownAreaM2: Double? { get }
    /// The footprint it was cut from, when it is a cut part of one (cleared land), for `clearedAllowance`.
    var footprint: WKBBytes? { get }
}

extension PolygonFeature: LandPiece {
    var knownAreaM2: Double? { areaM2 }
    var footprint: WKBBytes? { nil }
}

/// Cleared land of one before-building.
struct ClearedLand: LandPiece {
    let wkb: WKBBytes
    let envelope: Envelope
    let knownAreaM2: Double?
    var footprint: WKBBytes? = nil
}

/// `tallyByZone` over consecutive slices of `pieces`, each slice's tallies handed to `use` in order
/// and then let go: a survey's million tallies (64 MB at 1M) never exist at once. The next slice is
/// tallied (on all cores) while `use` takes the current one, so no core waits for `use`.
func forEachTally<Piece: LandPiece>(_ pieces: [Piece], _ inputs: TallyInputs, metricCRS: String, slice: Int = 1 << 16,
                                    _ use: (Int, PieceTally) throws -> Void) throws {
    var inputs = inputs
    if inputs.dedupe, inputs.ownIndex == nil { inputs.ownIndex = SpatialIndex(count: pieces.count) { pieces[$0].envelope } }
    if let exclusions = inputs.exclusions, inputs.exclusionIndex == nil {
        inputs.exclusionIndex = try TiledIndex(exclusions, metricCRS: metricCRS)
    }
    let ready = inputs
    let slices = stride(from: 0, to: pieces.count, by: slice).map { $0..<min($0 + slice, pieces.count) }
    @Sendable func tallies(_ k: Int) throws -> [PieceTally] {
        try tallyByZone(pieces, ready, metricCRS: metricCRS, range: slices[k])
    }
    var current = try slices.isEmpty ? [] : tallies(0)
    for k in slices.indices {
        let next = k + 1 < slices.count ? Background { try tallies(k + 1) } : nil
        defer { next?.wait() }            // also when `use` throws: the next slice is not left running
        for j in current.indices { try use(slices[k].lowerBound + j, current[j]) }
        current = try next?.result() ?? []
    }
}

/// The tallies of `pieces[range]` (all of them by default); earlier pieces are those before each in
/// the whole array. The features themselves are passed (no list of pieces is made for a survey's
/// million buildings).
func tallyByZone<Piece: LandPiece>(_ pieces: [Piece], _ inputs: TallyInputs, metricCRS: String,
                                   range: Range<Int>? = nil) throws -> [PieceTally] {
    let range = range ?? pieces.indices
    // Spatial indexes, built once; each worker queries them for its pieces.
    let zoneIndex = SpatialIndex(inputs.zones.map(\.envelope))
    let own = inputs.dedupe ? inputs.ownIndex ?? SpatialIndex(count: pieces.count) { pieces[$0].envelope } : nil
    // Exclusions are mostly long thin roads, whose envelopes are nearly empty: indexed by tiles.
    let exclusionIndex = try inputs.exclusions.map { e in try inputs.exclusionIndex ?? timed("exclusion tiles") { try TiledIndex(e, metricCRS: metricCRS) } }
    let parcelIndex = inputs.parcels.map { SpatialIndex(envelopesOf: $0) }

    // With exclusions or parcels, the pieces are worked through in the Hilbert order of their
    // centres, whatever order the file had: a worker's run of pieces then meets the same exclusions
    // and parcels, which its caches hold (a survey in random order had each worker parse and prepare
    // nearly every parcel). Each piece's tally depends on the piece alone; the tallies are returned
    // in the pieces' order. (Land by zone alone is mostly settled by the zone grid, without geometry:
    // there, sorting would cost more than it saves.)
    let order = inputs.exclusions == nil && inputs.parcels == nil ? nil
        : hilbertOrder(count: range.count) { pieces[range.lowerBound + $0].envelope }
    let tallies = try parallelMap(range.count, makeState: { () throws -> TallyState in
        TallyState(w: try Worker(metricCRS: metricCRS), zones: LayerCache(inputs.zones),
                   exclusions: inputs.exclusions.map(LayerCache.init), parcels: inputs.parcels.map(LayerCache.init))
    }) { s, k in
        let i = range.lowerBound + (order?[k] ?? k)
        let w = s.w
        let envelope = pieces[i].envelope
        // Earlier pieces whose envelopes overlap this one's with some area (envelopes that only
        // touch belong to pieces that cannot share land), less those an edge shows to lie apart
        // (terraced houses: no geometry is made for them).
        // Collected straight from the index: most of a city's pieces have none, and an empty list
        // costs no allocation.
        var earlier: [Int] = []
        own?.forEach(intersecting: envelope) { j in
            if j < i, pieces[j].envelope.overlapsWithArea(envelope) { earlier.append(j) }
        }
        let view = earlier.isEmpty ? nil : PolygonWKB(pieces[i].wkb)      // parsed once, for its neighbours
        if !earlier.isEmpty {      // (most pieces have none: no partition and no sort for them)
            earlier.removeAll { j in separatedByAnEdge(view, pieces[j].wkb, w.geos) }
            earlier.sort()
        }
        var inside = inputs.grid?.zone(holding: envelope)
        // Most of a city: a measured piece inside one zone, overlapping no earlier piece, with no
        // exclusions to cut out. No geometry is needed.
        if let inside, earlier.isEmpty, inputs.exclusions == nil, let m2 = pieces[i].knownAreaM2 {
            if !inputs.keepGeometry { return PieceTally(wholeM2: m2, majorityZone: inside, inOneZone: inside) }
            return PieceTally(wholeM2: m2, majorityZone: inside, parts: [ZonePart(zone: inside, m2: m2, wkb: pieces[i].wkb)])
        }
        let zoneCandidates = inside == nil ? zoneIndex.candidates(envelope) : []
        var tally = PieceTally()
        if let tolerance = inputs.repeatTolerance {
            tally.repeatsEarlier = earlier.contains { j in
                sameBox(pieces[j].envelope, envelope, tolerance) && sameOutline(pieces[j].wkb, pieces[i].wkb, within: tolerance)
            }
        }
        let original = try w.geometry(pieces[i].wkb)
        if inside == nil {
            let (zone, contained) = try majorityZone(original, zoneCandidates, s.zones, w)
            tally.majorityZone = zone
            // The only zone near the piece holds it whole: the piece is that zone's, as when the
            // grid says so (no need to ask the zone again below).
            if contained, zoneCandidates.count == 1 { inside = zone }
        } else {
            tally.majorityZone = inside
        }

        // A copy of an earlier piece, byte for byte (a survey with every building drawn twice, or
        // twenty times): it adds no land, as the overlay below would find (nothing left), at the cost
        // of each copy minus the union of the copies before it, the square of the copies.
        if earlier.contains(where: { pieces[$0].wkb == pieces[i].wkb }) { return tally }

        // Count once: drop what earlier pieces already cover.
        var g = original
        // (A corner of one inside the other, as with neighbours re-surveyed into each other, settles
        // it without GEOS's relate.)
        var overlapping: [Geometry] = []
        for j in earlier {
            let e = try w.geometry(pieces[j].wkb)
            if try overlapByAVertex(view, pieces[j].wkb, w.geos) || g.interiorsIntersect(e) { overlapping.append(e) }
        }
        if overlapping.count > manyOverlaps {
            // Many earlier pieces on this one. When they cross one another (a survey that has one
            // building drawn many ways), their union is an arrangement of all their edges, the
            // square of their number each time: taken away one at a time instead, what is left soon
            // lies clear of most of them, and those are passed over on their envelopes. When they lie
            // side by side inside it (the buildings of a block under the block's own outline), each
            // one taken away leaves a hole, and every later difference works through all the holes
            // so far: once what is left has grown that way, the rest go as one union (of pieces
            // apart from one another, which is cheap) and one difference.
            let grown = max(manyVertices, 4 * g.numCoordinates)
            for (k, e) in overlapping.enumerated() {
                guard let box = g.envelope else { return tally }
                if g.numCoordinates > grown {
                    let rest = overlapping[k...].filter { $0.envelope.map(box.overlapsWithArea) ?? false }
                    if !rest.isEmpty {
                        guard let left = try g.difference(w.union(Array(rest))).polygonalPart() else { return tally }
                        g = left
                    }
                    break
                }
                guard let other = e.envelope, box.overlapsWithArea(other) else { continue }
                guard let rest = try g.difference(e).polygonalPart() else { return tally }
                g = rest
            }
        } else if !overlapping.isEmpty {
            guard let rest = try g.difference(w.union(overlapping)).polygonalPart() else { return tally }
            g = rest
        }
        tally.wholeM2 = overlapping.isEmpty ? try pieces[i].knownAreaM2 ?? w.ellipsoidalArea(g) : try w.ellipsoidalArea(g)
        // The bytes of `g` when it is the piece as given (saves writing them again).
        let gWKB = overlapping.isEmpty ? pieces[i].wkb : nil
        (tally.parts, tally.zoneCutAllowanceM2) = try split(g, wholeM2: tally.wholeM2, inside: inside, zoneCandidates, s.zones, w,
                                                            keep: inputs.keepGeometry, wkb: gWKB, measuringCuts: true)
        if let footprint = pieces[i].footprint {
            tally.clearedCutAllowanceM2 = try clearedAllowance(g, wholeM2: tally.wholeM2, cutFrom: footprint, w)
        }

        // Freed land: minus exclusions, then by zone and by parcel.
        if let exclusions = s.exclusions, let candidates = exclusionIndex?.candidates(envelope) {
            let box = pieces[i].envelope.expanded(by: 1)
            var blocking: [Geometry] = []
            // An exclusion whose clip is the whole box covers the piece (it lies in the box): nothing
            // is freed, and the exclusions after it need no test, clip or union. Exclusions stacked
            // deep (100,000 discs 150 m across over a city) would otherwise be united per piece.
            var covered = false
            for e in candidates {
                guard try exclusions.intersects(e, g, w) else { continue }
                let clip = try exclusions.clipped(e, to: box, w)
                if try fillsBox(clip, box) { covered = true; break }
                blocking.append(clip)
            }
            var freed: Geometry? = covered ? nil : g
            if !covered, !blocking.isEmpty { freed = try g.difference(w.union(blocking)).polygonalPart() }
            if let freed {
                let m2 = blocking.isEmpty ? tally.wholeM2 : try w.ellipsoidalArea(freed)
                // Freed land outside every zone is kept (zone `outsideZones`): the report counts it
                // under `outside_zones`, as it does that cleared land.
                // (No check adds these parts up by zone: their cuts are not measured.)
                tally.freed = try split(freed, wholeM2: m2, inside: inside, zoneCandidates, s.zones, w, keep: true,
                                        wkb: blocking.isEmpty ? gWKB : nil).parts
                if !blocking.isEmpty {
                    tally.freedCutAllowance = try freedAllowance(tally.freed, of: freed, cleared: tally.parts, of: g,
                                                                 inOneZone: inside != nil, w)
                }
            }
            if let parcels = s.parcels, let candidates = parcelIndex?.candidates(envelope) {
                for part in tally.freed {
                    guard let partWKB = part.wkb else { continue }
                    let partView = PolygonWKB(partWKB)
                    // The part as a GEOS geometry, parsed only when a parcel is not told on the coordinates.
                    var fg = OnFirstUse { try w.geometry(partWKB) }
                    var shares: [(parcel: Int, m2: Double)] = []
                    // Each share's land: nil where it is the whole part (not cut).
                    var land: [Geometry?] = []
                    for p in candidates {
                        let m2: Double
                        var piece: Geometry? = nil
                        // A convex parcel (most of a cadastre's) with the part clearly inside it or
                        // clearly apart from it is told on the coordinates; any other, GEOS.
                        let seen = partView.flatMap { parcels.placement(of: $0, against: p) }
                        if seen == .apart { continue }
                        // All of the part on one parcel (the common case, asked first): its area is
                        // already measured.
                        if try seen == .inside || parcels.containsProperly(p, fg.get(), w) { m2 = part.m2 }
                        else if try parcels.intersects(p, fg.get(), w) {
                            piece = try fg.get().intersection(parcels.clipped(p, to: box, w))
                            m2 = try w.ellipsoidalArea(piece!)
                        }
                        else { continue }
                        if m2 > 0 { shares.append((p, m2)); land.append(piece) }
                    }
                    // Parcels that do not overlap share the part out, and their shares add up to it at
                    // most (to rounding). Where two of them overlap (their shares may still add up to
                    // less than the part, when some of it lies on no parcel), the part is shared out
                    // again, each parcel (in layer order) taking only what earlier ones left.
                    if shares.count > 1, try shares.reduce(0, { $0 + $1.m2 }) > part.m2 * (1 + 1e-9) + 1e-6
                        || anyTwoMeet(shares.map(\.parcel), parcels, w) {
                        let shared = try shareOut(fg.get(), m2: part.m2, shares.map(\.parcel), parcels, box: box, w)
                        shares = shared.shares
                        land = shared.land
                        if let o = shared.overlap {
                            tally.parcelOverlap.m2 += o.m2
                            tally.parcelOverlap.parcels.formUnion(o.parcels)
                        }
                    }
                    for (p, m2) in shares { tally.parcels.append((p, part.zone, m2)) }
                    // Shares cut from the part (their sum is checked against it: the land-use check).
                    if land.contains(where: { $0 != nil }) {
                        let whole = try fg.get()
                        let allowance = try cutAllowance(whole: whole, wholeM2: part.m2, parts: land.map { $0 ?? whole }, w)
                        tally.parcelCutAllowance.append((part.zone, allowance))
                    }
                }
            }
        }
        return tally
    }
    guard let order else { return tallies }
    var inPieceOrder = [PieceTally](repeating: PieceTally(), count: range.count)
    for (k, t) in tallies.enumerated() { inPieceOrder[order[k]] = t }
    return inPieceOrder
}

/// Above this many earlier pieces overlapping a piece, they are taken away one at a time, not as
/// one union (see `tallyByZone`).
let manyOverlaps = 16

/// Taking earlier pieces away one at a time stops once what is left has more vertices than this (or
/// four times the piece's own), and the rest go as one union (see `tallyByZone`).
let manyVertices = 1_000

/// Whether the interiors of any two of `features` meet.
private func anyTwoMeet(_ features: [Int], _ layer: LayerCache, _ w: Worker) throws -> Bool {
    for a in features.indices {
        for b in features.indices where b > a {
            if try layer.interiorsMeet(features[a], features[b], w) { return true }
        }
    }
    return false
}

/// The zone holding the largest part of `g`, and whether it holds `g` in its interior.
private func majorityZone(_ g: Geometry, _ candidates: [Int], _ zones: LayerCache, _ w: Worker) throws -> (Int?, contained: Bool) {
    var best: (zone: Int, area: Double)?
    for z in candidates {
        if try zones.containsProperly(z, g, w) { return (z, true) }
        guard try zones.intersects(z, g, w) else { continue }
        let a = try g.intersection(zones.clipped(z, to: g.envelope!.expanded(by: 1), w)).area()
        if a > (best?.area ?? 0) { best = (z, a) }
    }
    return (best?.zone, false)
}

/// `g` cut by the zones: parts inside each zone it meets, and the part outside every zone.
/// With `measuringCuts`, also what the parts' areas may add up apart from `wholeM2` where the zones
/// cut it (`cutAllowance`; 0 where they did not).
private func split(_ g: Geometry, wholeM2: Double, inside: Int?, _ candidates: [Int], _ zones: LayerCache, _ w: Worker,
                   keep: Bool, wkb: WKBBytes? = nil, measuringCuts: Bool = false) throws -> (parts: [ZonePart], cutAllowance: Double) {
    if let inside { return ([ZonePart(zone: inside, m2: wholeM2, wkb: keep ? wkb ?? WKBBytes(g.wkb) : nil)], 0) }
    var parts: [ZonePart] = []
    var cut: [Geometry] = []          // the parts' land, when the zones cut `g`
    var touching: [Geometry] = []
    var inside = false
    let box = g.envelope!.expanded(by: 1)
    for z in candidates {
        if try zones.containsProperly(z, g, w) {
            parts.append(ZonePart(zone: z, m2: wholeM2, wkb: keep ? wkb ?? WKBBytes(g.wkb) : nil))
            inside = true
            continue
        }
        guard try zones.intersects(z, g, w) else { continue }
        let zoneHere = try zones.clipped(z, to: box, w)
        touching.append(zoneHere)
        guard let common = try g.intersection(zoneHere).polygonalPart() else { continue }
        parts.append(ZonePart(zone: z, m2: try w.ellipsoidalArea(common), wkb: keep ? WKBBytes(common.wkb) : nil))
        cut.append(common)
    }
    if !inside {
        let rest = touching.isEmpty ? g : try g.difference(w.union(touching)).polygonalPart()
        if let rest, !rest.isEmpty {
            let m2 = touching.isEmpty ? wholeM2 : try w.ellipsoidalArea(rest)
            if m2 > 0 { parts.append(ZonePart(zone: outsideZones, m2: m2, wkb: keep ? WKBBytes(rest.wkb) : nil)) }
            if !touching.isEmpty { cut.append(rest) }
        }
    }
    let allowance = measuringCuts && !cut.isEmpty ? try cutAllowance(whole: g, wholeM2: wholeM2, parts: cut, w) : 0
    return (parts, allowance)
}

/// How far the ellipsoidal areas of `parts`, the land of `whole` (`wholeM2`) cut into parts in the
/// overlay plane, may add up apart from `wholeM2` (the report's checks "cleared land split by zone
/// adds up" and "freed land by land use adds up").
///
/// A polygon's area is measured along geodesics (`Worker.ellipsoidalArea`), but the cut is made in
/// the plane: a cut point lies on the edge's straight line, not on the geodesic through its ends.
/// Write F(X) for the ellipsoidal area of the land inside X's straight edges: it adds up exactly over
/// the parts. X's measured area is F(X) plus, per edge, the signed area between the edge and its
/// geodesic (a lens, `Worker.chordLenses`). The edges the cut makes are shared by two parts, traversed
/// both ways, and cancel; so Σ parts − whole = Λ(parts) − Λ(whole), Λ the sum of signed lenses. For an
/// edge of length L whose geodesic's image has curvature κ, a lens is κL³/12: near Shanghai in UTM
/// zone 51 (κ up to |x|/R² ≈ 3.5e-9 /m at 143 km from the central meridian) 2.3 m² for a 2 km wall
/// running north–south, 2.3e-4 m² for a 100 m one. A cut at a fraction t of an edge changes it by
/// 3t(1 − t)·κL³/12; the two long walls of a thin building cut across mostly cancel.
///
/// The allowance is that predicted difference, Λ(parts) − Λ(whole), in size, plus 0.1 % of the sum of
/// the sizes of every lens in it, in m² of the ellipsoid (× wholeM2 / planar area, the scale of the
/// plane there). What the prediction leaves (the lens formula, that one scale for the whole piece,
/// the rounding) was 2e-6 of the lenses' sizes or less on 2 km walls (`ReportTests.thinBuildingsCutByZones`:
/// 3e-5 m² for parts 0.02 m² apart from their whole), so 0.1 % leaves a margin of some 500. It grows
/// with the cube of the cut walls' length: buildings of ordinary walls (tens of metres) are allowed
/// 1e-6 m² or less each, so a lost square metre still fails the checks; ten 2 km × 2 m buildings cut
/// across are allowed 0.11 m² for their 0.088 m².
func cutAllowance(whole: Geometry, wholeM2: Double, parts: [Geometry], _ w: Worker) throws -> Double {
    let planar = try whole.area()
    guard planar > 0, wholeM2 > 0 else { return 0 }
    let lenses = try w.chordLenses(whole)
    var difference = -lenses.signed, size = lenses.size
    for part in parts {
        let l = try w.chordLenses(part)
        difference += l.signed
        size += l.size
    }
    return lensAllowance(predicted: abs(difference), sizes: size, m2: wholeM2, planar: planar)
}

/// The share of the lenses' sizes allowed beyond their predicted difference (`cutAllowance`).
let cutAllowanceShare = 0.001

/// An allowance in m² of the ellipsoid: the lens difference `predicted` plus `cutAllowanceShare` of the
/// lenses' `sizes` (both in the plane), scaled by the land's `m2` over its `planar` area.
private func lensAllowance(predicted: Double, sizes: Double, m2: Double, planar: Double) -> Double {
    (predicted + cutAllowanceShare * sizes) * m2 / planar
}

/// How far land with lenses `part` may measure above the land with lenses `whole` it lies inside in
/// the plane (the land inside its straight edges being no more): Λ(part) − Λ(whole) where positive,
/// as `lensAllowance` (for `clearedAllowance` and `freedAllowance`).
private func allowanceAbove(_ part: (signed: Double, size: Double), _ whole: (signed: Double, size: Double),
                            m2: Double, planar: Double) -> Double {
    lensAllowance(predicted: max(0, part.signed - whole.signed), sizes: part.size + whole.size, m2: m2, planar: planar)
}

/// How far cleared land `g` (`wholeM2`), cut in the plane from a footprint (`footprint`, WKB) by the
/// after survey, may measure above that footprint, for the report's check "cleared ≤ before": as
/// `freedAllowance` for freed land cut from cleared land (the footprint's long walls split where an
/// after-building takes a bite off them: a 2 km wall 270 km from the central meridian of UTM zone 51,
/// a 1 m² bite, 2.3 m² more cleared than built). Only footprints with an edge of 50 m or more are
/// measured: shorter walls move a cut piece by κL³/12 < 7e-5 m² an edge even 330 km from a central
/// meridian, below the check's 1e-6 of the land (0 for the rest, most of a city).
func clearedAllowance(_ g: Geometry, wholeM2: Double, cutFrom footprint: WKBBytes, _ w: Worker) throws -> Double {
    guard let view = PolygonWKB(footprint), view.longestEdge >= clearedAllowanceEdge else { return 0 }
    let planar = try g.area()
    guard planar > 0, wholeM2 > 0 else { return 0 }
    return allowanceAbove(try w.chordLenses(g), try w.chordLenses(w.geometry(footprint)), m2: wholeM2, planar: planar)
}

/// The shortest footprint edge for which `clearedAllowance` measures lenses (metres of the plane).
let clearedAllowanceEdge = 50.0

/// How far each part of freed land (`freed`: `freedLand`, a piece of cleared land less the exclusions,
/// cut by the zones) may measure above the cleared land of its zone it was cut from (`cleared`, the piece
/// `piece` cut by the same zones; both whole when the piece lies `inOneZone`), for the report's check
/// "freed ≤ cleared". In the plane the freed part lies
/// inside the cleared part, so the land inside its straight edges is no more (F below); measured along
/// geodesics each adds its chord lenses Λ (see `cutAllowance`: A = F + Λ), and an exclusion's cut
/// changes them. Where an exclusion takes a sliver off a long wall, the wall's lens is split (by
/// 3t(1 − t) of it, cut at a fraction t) and the freed land can measure more than the cleared land it
/// came from: a 2 km wall 270 km from the central meridian of UTM zone 51, a 0.15 m² notch taken off
/// it, measured 3.2 m² more (a 200 m wall there: 3 mm²; ordinary walls: far less). A(freed) − A(cleared)
/// = F(freed) − F(cleared) + Λ(freed) − Λ(cleared) ≤ Λ(freed) − Λ(cleared): the allowance is that where
/// it is positive, plus 0.1 % of the lenses' sizes (`cutAllowanceShare`), in m² of the ellipsoid (× the
/// part's m² / its planar area, as `cutAllowance`). A zone's cleared part missing from `cleared` (too
/// small to keep) counts no lens.
func freedAllowance(_ freed: [ZonePart], of freedLand: Geometry, cleared: [ZonePart], of piece: Geometry, inOneZone: Bool,
                    _ w: Worker) throws -> [(zone: Int, m2: Double)] {
    if inOneZone, let part = freed.first {
        let planar = try freedLand.area()
        guard planar > 0, part.m2 > 0 else { return [] }
        return [(part.zone, allowanceAbove(try w.chordLenses(freedLand), try w.chordLenses(piece), m2: part.m2, planar: planar))]
    }
    var allowances: [(zone: Int, m2: Double)] = []
    for part in freed {
        guard let wkb = part.wkb else { continue }
        let land = try w.geometry(wkb)
        let planar = try land.area()
        guard planar > 0, part.m2 > 0 else { continue }
        var c = (signed: 0.0, size: 0.0)
        // The cleared land of the part's zone: the piece itself when it was not cut by the zones.
        if cleared.count == 1, cleared[0].zone == part.zone { c = try w.chordLenses(piece) }
        else if let clearedWKB = cleared.first(where: { $0.zone == part.zone })?.wkb { c = try w.chordLenses(w.geometry(clearedWKB)) }
        allowances.append((part.zone, allowanceAbove(try w.chordLenses(land), c, m2: part.m2, planar: planar)))
    }
    return allowances
}

/// Freed land `g` (`m2`, measured) shared out among the parcels that overlap on it: each of
/// `candidates`, in layer order, takes the part of `g` on it that no earlier parcel took, so the
/// shares add up to the land of `g` on some parcel. Also the land of `g` on more than one parcel and
/// those parcels (nil when the parcels only touch or overlap by no measurable area).
/// Each share's land is given too (`land`: nil where it is the whole of `g`).
private func shareOut(_ g: Geometry, m2: Double, _ candidates: [Int], _ parcels: LayerCache, box: Envelope, _ w: Worker) throws
    -> (shares: [(parcel: Int, m2: Double)], land: [Geometry?], overlap: (m2: Double, parcels: Set<Int>)?) {
    var shares: [(parcel: Int, m2: Double)] = []
    var land: [Geometry?] = []
    var held: [(parcel: Int, land: Geometry, box: Envelope?)] = []      // `g` on each earlier parcel
    var covered: Geometry?                              // their union
    var onSeveral: [Geometry] = []
    var overlapping = Set<Int>()
    for p in candidates.sorted() {
        let here: Geometry
        if try parcels.containsProperly(p, g, w) { here = g }
        else if let h = try g.intersection(parcels.clipped(p, to: box, w)).polygonalPart() { here = h }
        else { continue }
        guard let c = covered else {
            shares.append((p, here === g ? m2 : try w.ellipsoidalArea(here)))
            land.append(here === g ? nil : here)
            (held, covered) = ([(p, here, here.envelope)], here)
            continue
        }
        if let taken = try here.difference(c).polygonalPart() {
            let a = try w.ellipsoidalArea(taken)
            if a > 0 { shares.append((p, a)); land.append(taken) }
        }
        if let both = try here.intersection(c).polygonalPart(), try w.ellipsoidalArea(both) > 0 {
            onSeveral.append(both)
            overlapping.insert(p)
            // Only earlier parcels not yet known to overlap, and whose land's envelope shares a
            // rectangle of positive area with `both` (interiors that meet do): asking GEOS of every
            // earlier parcel made a piece over k overlapping parcels cost k² relates.
            let bothBox = both.envelope
            for (q, land, landBox) in held where !overlapping.contains(q) {
                guard let a = landBox, let b = bothBox, a.overlapsWithArea(b) else { continue }
                if try land.interiorsIntersect(both) { overlapping.insert(q) }
            }
        }
        held.append((p, here, here.envelope))
        covered = try c.union(here)
    }
    if onSeveral.isEmpty { return (shares, land, nil) }
    return (shares, land, (try w.ellipsoidalArea(w.union(onSeveral)), overlapping))
}

/// Whether `clip` (a polygon clipped to `box`) is all of `box`: one polygon of four corners and no
/// holes whose envelope is `box` and whose area is its envelope's (a quadrilateral filling its
/// envelope is that rectangle; 1e-12 of it allowed for the rounding of the area's sum).
func fillsBox(_ clip: Geometry, _ box: Envelope) throws -> Bool {
    guard clip.type == .polygon, clip.numCoordinates == 5, clip.ringCount == 1, clip.envelope == box else { return false }
    return try clip.area() >= box.width * box.height * (1 - 1e-12)
}
