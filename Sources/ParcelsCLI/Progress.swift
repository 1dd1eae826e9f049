// Progress on standard error while long work runs: one line, rewritten in place with the elapsed
// seconds, and cleared at the end. Only on a terminal: silent when standard error is a pipe, a file
// or CI's log.
import Foundation

final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var step = ""
    private var started = Date()
    private var timer: DispatchSourceTimer?

    init(enabled: Bool = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil) {
        self.enabled = enabled
    }

    /// Shows `text` (e.g. "reading and analysing…") with a ticking clock until the next step or `finish`.
    func show(_ text: String) {
        guard enabled else { return }
        lock.lock()
        step = text
        started = Date()
        lock.unlock()
        draw()
        if timer == nil {
            let t = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
            t.schedule(deadline: .now() + 1, repeating: 1)
            t.setEventHandler { [weak self] in self?.draw() }
            t.resume()
            timer = t
        }
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        timer?.cancel()
        timer = nil
        lock.lock()
        defer { lock.unlock() }
        if step.isEmpty { return }
        step = ""
        standardError("\r\u{1B}[K")
    }

    private func draw() {
        lock.lock()
        defer { lock.unlock() }
        if step.isEmpty { return }
        let seconds = Int(Date().timeIntervalSince(started))
        let line = "parcels: \(step)" + (seconds > 0 ? " \(seconds) s" : "")
        standardError("\r\u{1B}[K\(line)")
    }

    deinit { timer?.cancel() }
}
