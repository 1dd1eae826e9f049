// Many tasks at once, each with its own context: passes under `swift test --sanitize=thread`.
import Testing
import Geos

@Suite struct ConcurrencyTests {
    @Test func overlaysFromManyTasks() async throws {
        let results = try await withThrowingTaskGroup(of: Double.self) { group in
            for k in 0..<16 {
                group.addTask {
                    let ctx = GeosContext()                       // one context per task
                    var total = 0.0
                    for i in 0..<200 {
                        let s = Double(i % 7 + 1)
                        let a = try Geometry(wkt: "POLYGON((0 0,\(s) 0,\(s) \(s),0 \(s),0 0))", context: ctx)
                        let b = try Geometry(wkt: "POLYGON((\(s / 2) 0,\(2 * s) 0,\(2 * s) \(s),\(s / 2) \(s),\(s / 2) 0))", context: ctx)
                        total += try a.intersection(b).area()     // s/2 × s
                        _ = try? Geometry(wkt: "POLYGON((bad", context: ctx)   // errors stay in their context
                    }
                    return total + Double(k) * 0
                }
            }
            var all: [Double] = []
            for try await r in group { all.append(r) }
            return all
        }
        // Σ over i of (s²/2), s = i % 7 + 1: each full cycle of 7 gives (1+4+9+16+25+36+49)/2 = 70;
        // 200 = 28 cycles + 4 → 28·70 + (1+4+9+16)/2 = 1960 + 15 = 1975.
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 == 1975 })
    }
}
