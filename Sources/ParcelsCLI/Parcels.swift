// The `parcels` executable: parse, call the Parcels module, render. Exit status: 0 success; 1 bad
// input or usage (one line on stderr naming the file, layer and feature); 2 internal error.
import ArgumentParser
import Foundation
import Parcels

struct ParcelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parcels",
        abstract: "Measure land: parcel areas, overlaps, and the land a demolition campaign frees, zone by zone.",
        discussion: "Areas are ellipsoidal square metres (WGS84), as PostGIS ST_Area(geography) and QGIS $area.",
        subcommands: [ReportCommand.self, VerifyCommand.self, AreaCommand.self, OverlapsCommand.self],
        defaultSubcommand: nil)
}

@main
enum Main {
    static func main() {
        prepareStandardStreams()
        if let repeated = repeatedOption(Array(CommandLine.arguments.dropFirst())) {
            note("Error: \(repeated) is given more than once; give it once (only --exclude repeats)")
            exit(1)
        }
        do {
            var command = try ParcelsCommand.parseAsRoot()
            try command.run()
        } catch let error as InputError {
            note("parcels: " + "\(error)".split(whereSeparator: \.isNewline).joined(separator: " "))
            exit(1)
        } catch let error as OutputError {
            outputFailed(error)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            let code = ParcelsCommand.exitCode(for: error)
            if code == .success {     // --help
                do throws(OutputError) { try emit(ParcelsCommand.fullMessage(for: error) + "\n") } catch { outputFailed(error) }
                exit(0)
            }
            if error is CommandError || "\(type(of: error))".contains("ValidationError") || code.rawValue == 64 {
                note(oneLine(ParcelsCommand.fullMessage(for: error)))
                exit(1)
            }
            note("parcels: internal error: \(error)")
            exit(2)
        }
    }

    /// An option given twice (`--after a.gpkg … --after b.gpkg`): ArgumentParser keeps the last without
    /// a word, so a report would silently compare other layers than the user meant to.
    static func repeatedOption(_ arguments: [String]) -> String? {
        var seen = Set<Substring>()
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            let name = argument.split(separator: "=", maxSplits: 1)[0]
            if name != "--exclude", !seen.insert(name).inserted { return String(name) }
        }
        return nil
    }

    /// A usage error on one line, as every error is: the parser's message and its pointer to --help,
    /// without the usage synopsis (which --help shows).
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
            .filter { !$0.isEmpty && !$0.hasPrefix("Usage:") }
        // Each line a sentence: "Error: --tolerance cannot be negative (-1.0). See 'parcels report --help' …"
        return lines.enumerated().map { k, line in
            k < lines.count - 1 && !".?!:".contains(line.last!) ? line + "." : line
        }.joined(separator: " ")
    }

    /// Standard output could not be written: one line on stderr, status 1; nothing to say when the
    /// reader went away (see StandardStreams.swift).
    static func outputFailed(_ error: OutputError) -> Never {
        if !error.readerWentAway { note(error.description) }
        exit(1)
    }
}

/// A usage problem found after parsing (exit status 1).
struct CommandError: Error, CustomStringConvertible {
    let description: String
}
