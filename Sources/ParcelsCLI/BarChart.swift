// A horizontal bar chart as inline SVG: one row per category, up to two bars per row drawn over each
// other (a lighter total behind, the part that counts in front), the value at the end of the bar.
import Foundation

struct BarRow {
    let label: String
    /// The bar in front (e.g. freed land), in m².
    let value: Double
    /// The lighter bar behind it (e.g. cleared land), in m², if any.
    var behind: Double? = nil
    /// The text at the end of the bar (default: the value in the units).
    var text: String? = nil
}

func barChart(_ rows: [BarRow], units: AreaUnit, width: Double = 960, id: String, title: String,
              frontClass: String, behindClass: String) -> String {
    guard !rows.isEmpty else { return "" }
    let rowHeight = 26.0, top = 8.0, axis = 22.0
    // Labels: about 7.5 px per column of display width at 13 px (a CJK character takes two).
    let labelWidth = min(260, max(60, Double(rows.map { displayWidth($0.label) }.max() ?? 0) * 7.5 + 12))
    let valueRoom = rows.contains { $0.text != nil } ? 220.0 : 120.0
    let plot = width - labelWidth - valueRoom
    let maximum = max(rows.map { max($0.value, $0.behind ?? 0) }.max() ?? 0, 1e-9) / units.squareMetres
    let step = niceStep(maximum / 4)
    let top_ = (maximum / step).rounded(.up) * step
    let scale = plot / top_
    let height = top + Double(rows.count) * rowHeight + axis
    let p = Projector.number
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(id)\" class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
        + "width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(html(title))\">"
    // Grid and axis.
    let plotBottom = top + Double(rows.count) * rowHeight
    var tick = 0.0
    while tick <= top_ + step / 2 {
        let x = labelWidth + tick * scale
        out += "<line class=\"grid\" x1=\"\(p(x))\" y1=\"\(p(top))\" x2=\"\(p(x))\" y2=\"\(p(plotBottom))\"/>"
        out += "<text class=\"tick\" x=\"\(p(x))\" y=\"\(p(plotBottom + 16))\">\(groupThousands(formatTick(tick, step)))</text>"
        tick += step
    }
    for (i, r) in rows.enumerated() {
        let y = top + Double(i) * rowHeight
        out += "<text class=\"name\" x=\"\(p(labelWidth - 8))\" y=\"\(p(y + rowHeight / 2 + 4.5))\">\(html(r.label))</text>"
        if let b = r.behind {
            out += "<rect class=\"\(behindClass)\" x=\"\(p(labelWidth))\" y=\"\(p(y + 4))\" width=\"\(p(b / units.squareMetres * scale))\" height=\"\(p(rowHeight - 8))\"/>"
        }
        let w = r.value / units.squareMetres * scale
        out += "<rect class=\"\(frontClass)\" x=\"\(p(labelWidth))\" y=\"\(p(y + 7))\" width=\"\(p(w))\" height=\"\(p(rowHeight - 14))\"><title>\(html(r.label)): \(units.format(r.value)) \(units.label)</title></rect>"
        let end = max(w, (r.behind ?? 0) / units.squareMetres * scale)
        out += "<text class=\"value\" x=\"\(p(labelWidth + end + 6))\" y=\"\(p(y + rowHeight / 2 + 4.5))\">\(html(r.text ?? "\(units.format(r.value)) \(units.label)"))</text>"
    }
    return out + "</svg>"
}

/// 1, 2 or 5 × 10ⁿ, at least `x`.
func niceStep(_ x: Double) -> Double {
    guard x > 0, x.isFinite else { return 1 }
    let magnitude = pow(10, floor(log10(x)))
    return [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= x } ?? 10 * magnitude
}

private func formatTick(_ v: Double, _ step: Double) -> String {
    let decimals = step >= 1 ? 0 : Int((-log10(step)).rounded(.up))
    return String(format: "%.\(decimals)f", v)
}
