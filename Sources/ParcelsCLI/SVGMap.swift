// Maps as inline SVG. Coordinates are metres in the overlay CRS, so a map is a scale and a shift:
// x right, y flipped (SVG's y runs down), rounded to 0.1 px. Polygons smaller than a pixel are left
// out unless a layer keeps them (zone outlines always get their path), so a city of 100,000 buildings
// does not make a 100 MB page. A scale bar in round metres sits at the bottom left.
import Foundation
import Parcels

/// A box in overlay-CRS metres.
struct Extent {
    var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
    var isEmpty: Bool { minX > maxX || minY > maxY }
    var width: Double { maxX - minX }
    var height: Double { maxY - minY }

    mutating func add(_ ring: [Double]) {
        var i = 0
        while i + 1 < ring.count {
            minX = min(minX, ring[i]); maxX = max(maxX, ring[i])
            minY = min(minY, ring[i + 1]); maxY = max(maxY, ring[i + 1])
            i += 2
        }
    }
    mutating func add(_ e: Extent) {
        minX = min(minX, e.minX); maxX = max(maxX, e.maxX); minY = min(minY, e.minY); maxY = max(maxY, e.maxY)
    }
    func intersects(_ e: Extent) -> Bool { !(e.minX > maxX || e.maxX < minX || e.minY > maxY || e.maxY < minY) }
    /// Grown by `fraction` of its larger side on every side.
    func padded(_ fraction: Double) -> Extent {
        let d = max(width, height, 1) * fraction
        return Extent(minX: minX - d, minY: minY - d, maxX: maxX + d, maxY: maxY + d)
    }
}

/// One shape to draw: its polygons (rings of interleaved x,y; the first ring of each is the shell).
struct MapShape {
    /// The shape's polygons as given (WKB), read again when drawn: a city's million buildings held as
    /// arrays of coordinates took some 230 MB while report.html was made (its peak, with `--out`).
    private let wkbs: [[UInt8]]
    let extent: Extent
    /// Shown as a tooltip, and in `data-name`.
    var name: String? = nil

    init(wkbs: [[UInt8]], name: String? = nil) {
        var e = Extent()
        for w in wkbs {
            for p in polygonRings(w) where !p.isEmpty { e.add(p[0]) }
        }
        self.wkbs = wkbs
        self.extent = e
        self.name = name
    }

    /// Each polygon's rings (shell first), as `polygonRings` reads them.
    var polygons: [[[Double]]] { wkbs.flatMap { polygonRings($0).filter { !$0.isEmpty } } }
}

/// A set of shapes drawn alike (one CSS class, one path per shape).
struct MapLayer {
    let cssClass: String
    let shapes: [MapShape]
    /// Draw polygons smaller than a pixel too (zone outlines must all appear).
    var keepSmall = false
    /// Polygons spanning fewer pixels than this both ways are left out.
    var minPixels = 1.0
    /// Polygons spanning fewer pixels than this (both ways) are drawn as a small ring around their
    /// centre instead (sites: an outline on a few pixels would hide the land it outlines).
    var markerBelow: Double? = nil
}

/// The SVG of `layers`, fitted to `extent` in a box of at most `maxWidth` × `maxHeight` pixels.
func svgMap(_ layers: [MapLayer], extent: Extent, maxWidth: Double, maxHeight: Double, labels: [(String, Double, Double)] = [],
            id: String, title: String) -> String {
    guard !extent.isEmpty else { return "" }
    let scale = min(maxWidth / max(extent.width, 1e-9), maxHeight / max(extent.height, 1e-9))
    let width = (extent.width * scale).rounded(.up), height = (extent.height * scale).rounded(.up)
    let projector = Projector(minX: extent.minX, maxY: extent.maxY, scale: scale)
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"map\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
        + "width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(html(title))\">"
    for layer in layers {
        out += "<g class=\"\(layer.cssClass)\">"
        // Named shapes get a path each (with a tooltip); the others share one path.
        var shared = PathData()
        let visible = layer.shapes.filter { $0.extent.intersects(extent) }
        // Markers shrink where they are many, so a city's sites read as a dot map, not a blue carpet.
        let marker = layer.markerBelow.map { min($0, max(2.5, 0.35 * (width * height / Double(max(visible.count, 1))).squareRoot())) }
        for shape in visible {
            // Most of a city's buildings, a pixel or less on a map, are passed over without being read.
            if !layer.keepSmall, marker == nil, projector.tooSmall(shape.extent, minPixels: layer.minPixels) { continue }
            if let name = shape.name {
                var d = PathData()
                projector.path(shape.polygons, into: &d, keepSmall: layer.keepSmall, minPixels: layer.minPixels, markerBelow: marker)
                if d.isEmpty { continue }
                out += "<path data-name=\"\(html(name))\" d=\"\(d.text)\"><title>\(html(name))</title></path>"
            } else {
                projector.path(shape.polygons, into: &shared, keepSmall: layer.keepSmall, minPixels: layer.minPixels, markerBelow: marker)
            }
        }
        if !shared.isEmpty { out += "<path d=\"\(shared.text)\"/>" }
        out += "</g>"
    }
    for (text, x, y) in labels {
        out += "<text class=\"label\" x=\"\(Projector.number(projector.x(x)))\" y=\"\(Projector.number(projector.y(y)))\">\(html(text))</text>"
    }
    out += scaleBar(metresPerPixel: 1 / scale, mapWidth: width, mapHeight: height)
    return out + "</svg>"
}

/// Overlay-CRS metres to pixels.
struct Projector {
    let minX: Double, maxY: Double, scale: Double

    func x(_ v: Double) -> Double { (v - minX) * scale }
    func y(_ v: Double) -> Double { (maxY - v) * scale }

    /// Whether every polygon inside `e` spans fewer than `minPixels` both ways in `path`'s tenths of a
    /// pixel, which leaves such polygons out (unless it keeps small ones or draws markers): told from
    /// the box alone. Rounding to tenths widens a span by less than one; two are allowed.
    func tooSmall(_ e: Extent, minPixels: Double) -> Bool {
        e.width * scale * 10 + 2 < minPixels * 10 && e.height * scale * 10 + 2 < minPixels * 10
    }

    /// Path data for `polygons`, appended to `d`: one subpath per ring in relative moves and lines
    /// (h/v where a side is axis-parallel), in tenths of a pixel. A polygon whose shell spans less than
    /// `minPixels` both ways is left out unless `keepSmall`, or drawn as a ring if under `markerBelow`.
    /// Shells run anticlockwise on the screen and holes clockwise (as markers' circles run
    /// anticlockwise), so that under SVG's nonzero fill rule a hole stays empty while shapes sharing a
    /// path that overlap (buildings surveyed twice, freed land of zones that overlap) are all filled:
    /// under evenodd their overlap would be drawn as a hole.
    func path(_ polygons: [[[Double]]], into d: inout PathData, keepSmall: Bool, minPixels: Double = 1, markerBelow: Double? = nil) {
        for polygon in polygons {
            for (r, ring) in polygon.enumerated() {
                let points = tenths(ring)
                if r == 0 && !keepSmall {
                    var lo = (Int.max, Int.max), hi = (Int.min, Int.min)
                    for (px, py) in points { lo = (min(lo.0, px), min(lo.1, py)); hi = (max(hi.0, px), max(hi.1, py)) }
                    if let m = markerBelow, Double(hi.0 - lo.0) < m * 10, Double(hi.1 - lo.1) < m * 10 {
                        // A ring of diameter m around the shell's centre.
                        d.circle(centre: ((lo.0 + hi.0) / 2, (lo.1 + hi.1) / 2), radius: Int(m * 5))
                        break
                    }
                    if Double(hi.0 - lo.0) < minPixels * 10 && Double(hi.1 - lo.1) < minPixels * 10 { break }   // too small: skip the polygon
                }
                if points.count < 3 { if r == 0 { break } else { continue } }
                d.ring(oriented(points, shell: r == 0))
            }
        }
    }

    /// `points` (a ring, y down) anticlockwise on the screen for a shell, clockwise for a hole; from
    /// the same first point. The shoelace sum is negative for an anticlockwise ring when y runs down.
    private func oriented(_ points: [(Int, Int)], shell: Bool) -> [(Int, Int)] {
        var twiceArea = 0
        var previous = points[points.count - 1]
        for p in points {
            twiceArea += previous.0 * p.1 - p.0 * previous.1
            previous = p
        }
        guard shell ? twiceArea > 0 : twiceArea < 0 else { return points }
        return [points[0]] + points[1...].reversed()
    }

    /// The ring in tenths of a pixel, repeated points (after rounding) and the closing point dropped.
    private func tenths(_ ring: [Double]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        out.reserveCapacity(ring.count / 2)
        var i = 0
        while i + 1 < ring.count {
            let p = (Int((x(ring[i]) * 10).rounded()), Int((y(ring[i + 1]) * 10).rounded()))
            if out.last.map({ $0 != p }) ?? true { out.append(p) }
            i += 2
        }
        if out.count > 1, out.first! == out.last! { out.removeLast() }
        return out
    }

    /// A value in tenths written as pixels: 1234 → "123.4", 1230 → "123".
    static func tenth(_ t: Int) -> String {
        let sign = t < 0 ? "-" : ""
        let a = abs(t)
        return a % 10 == 0 ? sign + String(a / 10) : sign + String(a / 10) + "." + String(a % 10)
    }
    static func number(_ v: Double) -> String { tenth(Int((v * 10).rounded())) }
}

/// SVG path data written compactly: relative commands, tenths of a pixel as "12.3", a space only
/// where the next number does not start with "-".
struct PathData {
    private(set) var text = ""
    /// Where the current subpath starts (after "z", relative moves count from there).
    private var start = (0, 0)

    var isEmpty: Bool { text.isEmpty }

    mutating func ring(_ points: [(Int, Int)]) {
        move(to: points[0])
        var previous = points[0]
        var last: Character = " "
        for p in points.dropFirst() {
            let dx = p.0 - previous.0, dy = p.1 - previous.1
            if dy == 0 { command("h", &last); number(dx) }
            else if dx == 0 { command("v", &last); number(dy) }
            else { command("l", &last); number(dx); number(dy) }
            previous = p
        }
        text += "z"
    }

    mutating func circle(centre: (Int, Int), radius: Int) {
        move(to: (centre.0 - radius, centre.1))
        for sweep in [2 * radius, -2 * radius] {
            text += "a"; number(radius); number(radius); text += " 0 1 0"; number(sweep); number(0)
        }
        text += "z"
    }

    private mutating func move(to p: (Int, Int)) {
        if text.isEmpty { text += "M"; number(p.0); number(p.1) }
        else { text += "m"; number(p.0 - start.0); number(p.1 - start.1) }
        start = p
    }

    /// A command letter, left out when it repeats the previous one (SVG repeats it implicitly).
    private mutating func command(_ c: Character, _ last: inout Character) {
        if c != last { text.append(c); last = c }
    }

    private mutating func number(_ t: Int) {
        let s = Projector.tenth(t)
        if let end = text.last, end.isNumber || end == "." { if !s.hasPrefix("-") { text += " " } }
        text += s
    }
}

/// A scale bar a fifth of the map wide or less, in a round length (1, 2 or 5 × 10ⁿ metres).
func scaleBar(metresPerPixel: Double, mapWidth: Double, mapHeight: Double) -> String {
    let target = metresPerPixel * max(mapWidth / 5, 40)
    let magnitude = pow(10, floor(log10(target)))
    let length = [5.0, 2.0, 1.0].map { $0 * magnitude }.first { $0 <= target } ?? magnitude
    let pixels = length / metresPerPixel
    let label = length >= 1000 ? "\(formatLength(length / 1000)) km" : "\(formatLength(length)) m"
    let x = 10.0, y = mapHeight - 14
    let p = Projector.number
    return "<g class=\"scalebar\"><rect x=\"\(p(x - 5))\" y=\"\(p(y - 18))\" width=\"\(p(pixels + 10))\" height=\"28\" rx=\"3\"/>"
        + "<path d=\"M\(p(x)) \(p(y - 4))V\(p(y + 4))H\(p(x + pixels))V\(p(y - 4))\"/>"
        + "<text x=\"\(p(x + pixels / 2))\" y=\"\(p(y - 6))\">\(label)</text></g>"
}

private func formatLength(_ v: Double) -> String {
    v == v.rounded() ? String(Int(v)) : String(format: "%g", v)
}

/// A label position for a shape: the centre of its largest polygon's shell box.
func labelPoint(_ shape: MapShape) -> (Double, Double)? {
    var best: (area: Double, x: Double, y: Double)?
    for p in shape.polygons {
        var e = Extent()
        e.add(p[0])
        let a = e.width * e.height
        if best == nil || a > best!.area { best = (a, (e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2) }
    }
    return best.map { ($0.x, $0.y) }
}

/// Text for HTML and SVG: &, <, >, and quotes escaped.
func html(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}
