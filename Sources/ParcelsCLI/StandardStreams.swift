// Standard output and standard error, written with write(2) and every result checked. Output that
// cannot be written (a full disk, a closed stream) ends the run with one line on standard error and
// status 1, never a crash. A reader that went away (`parcels report | head -1`) ends it with status 1
// and no message: SIGPIPE is ignored so that the write fails with EPIPE instead of killing the process
// by a signal, which SPEC's exit statuses (0, 1, 2) have no place for. Notes on standard error that
// cannot be written are dropped: there is nowhere left to say so.
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Standard output could not be written (exit status 1).
struct OutputError: Error, CustomStringConvertible {
    /// The errno of the failed write.
    let code: Int32

    /// The reader closed its end of the pipe: it has what it wanted, nothing to report.
    var readerWentAway: Bool { code == EPIPE }

    var description: String { "parcels: cannot write the output to standard output: \(String(cString: strerror(code)))" }
}

/// Called once, first thing: SIGPIPE ignored (see above), and a closed standard stream held by
/// /dev/null, so that no file opened later takes its number and receives what was meant for the
/// terminal. Standard output is held read-only: writing it still fails, and says so.
func prepareStandardStreams() {
    signal(SIGPIPE, SIG_IGN)
    for (fd, mode) in [(STDIN_FILENO, O_RDONLY), (STDOUT_FILENO, O_RDONLY), (STDERR_FILENO, O_WRONLY)] where fcntl(fd, F_GETFD) == -1 {
        _ = open("/dev/null", mode)     // the lowest free number: `fd`, as the lower ones are open
    }
}

/// Writes `text` to standard output in one piece.
func emit(_ text: String) throws(OutputError) {
    if let code = writeAll(STDOUT_FILENO, Array(text.utf8)) { throw OutputError(code: code) }
}

/// Writes `json` and a newline to standard output as it is made (`JSON.stream`: a city's report is
/// over 100 MB, and is never whole in memory).
func emit(json: JSON) throws(OutputError) {
    var failure: Int32?
    _ = json.stream(indent: 2) { bytes in
        failure = writeAll(STDOUT_FILENO, bytes)
        return failure == nil
    }
    if let failure { throw OutputError(code: failure) }
}

/// Writes `text` and a newline to standard error.
func note(_ text: String) {
    standardError(text + "\n")
}

/// Writes `text` to standard error as it is (the progress line rewrites itself with "\r").
func standardError(_ text: String) {
    _ = writeAll(STDERR_FILENO, Array(text.utf8))
}

/// Writes every byte of `bytes` to `fd`, retrying short and interrupted writes; the errno of a failure,
/// nil on success. (Standard output and every file of `--out` go through here.)
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
    var rest = bytes[...]
    while !rest.isEmpty {
        let n = rest.withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
        if n < 0 { if errno == EINTR { continue }; return errno }
        rest = rest.dropFirst(n)
    }
    return nil
}
