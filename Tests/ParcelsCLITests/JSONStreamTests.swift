// JSON streamed as it is made (`JSON.stream`, what `--format json` and report.json use) gives the bytes
// of the whole text made at once, in pieces of about a megabyte, and stops sending at a failed write.
import Testing
@testable import ParcelsCLI

@Suite struct JSONStreamTests {
    @Test func smallObjectByHand() {
        var sent: [UInt8] = []
        let ok = JSON.object([("a", .array([.int(1), .m2(2.5)])), ("b", .null)]).stream(indent: 2) { sent += $0; return true }
        #expect(ok)
        #expect(String(decoding: sent, as: UTF8.self) == "{\n  \"a\": [\n    1,\n    2.5\n  ],\n  \"b\": null\n}\n")
    }

    /// 40,000 objects (about 4 MB, written on all cores in chunks of 4,096): several pieces, each about
    /// a megabyte, that join into the text `bytes(indent:)` makes whole.
    @Test func aCityOfItemsInPieces() {
        let json = JSON.object([
            ("zones", .array([.string("黄浦区"), .string("a \"quoted\" name")])),
            ("claims", .items(count: 40_000) { i in
                .object([("claim_id", .string("C\(i)")), ("claimed_m2", .m2(Double(i) * 1.0625)),
                         ("flags", .array(i % 3 == 0 ? [.string("overstated"), .string("duplicate")] : []))])
            }),
        ])
        var pieces: [[UInt8]] = []
        #expect(json.stream(indent: 2) { pieces.append($0); return true })
        #expect(pieces.count >= 3)
        #expect(pieces.dropLast().allSatisfy { $0.count >= JSONDrain.size && $0.count < JSONDrain.size + 4096 * 200 })
        #expect(Array(pieces.joined()) == json.bytes(indent: 2) + [0x0A])
    }

    /// 200,000 numbers, about 3 MB: the second piece fails, and no third is sent.
    @Test func nothingIsSentAfterAFailedWrite() {
        let json = JSON.array((0..<200_000).map { .int($0 * 1_000_003) })
        var calls = 0
        let ok = json.stream(indent: 2) { _ in calls += 1; return calls < 2 }
        #expect(!ok)
        #expect(calls == 2)
    }
}
