import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore

/// `dreamframe submit`: queue a batch of movies; prints the run id.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Submit a batch of movies; prints the run id.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var batch: SubmitOptions

    func run() async throws {
        let record = batch.record()
        _ = try await withServices(connection) { services in
            try await RunSubmitter(state: services.state, publisher: services.publisher,
                                   topology: services.settings.topology).submit(record)
        }
        print(record.runId)
    }
}
