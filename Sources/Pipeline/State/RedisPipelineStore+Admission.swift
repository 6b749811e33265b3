import Clients
import Foundation
import Models

extension RedisPipelineStore {
    /// One pipelined round trip: the run's record and movie list (when `withRun`), whether the movie's hash exists,
    /// the style it names, and whether `style` is cached.
    public func admission(_ movie: MovieRef, style: String?, withRun: Bool) async throws -> MovieAdmission {
        let movieKey = PipelineKeys.movie(movie)
        var commands: [[String]] = [["EXISTS", movieKey], ["HGET", movieKey, MovieField.styleId.rawValue]]
        if let style { commands.append(["EXISTS", PipelineKeys.style(style)]) }
        if withRun {
            commands.append(["HGET", PipelineKeys.run(movie.runId), "record"])
            commands.append(["ZRANGE", PipelineKeys.movies(movie.runId), "0", "-1"])
        }
        let replies = try await redis.pipeline(commands)
        var run: RunRecord?
        var movieIds: [String]?
        if withRun {
            if let data = replies[replies.count - 2].data { run = try JSONDecoder().decode(RunRecord.self, from: data) }
            movieIds = replies[replies.count - 1].array.compactMap(\.string)
        }
        return MovieAdmission(run: run, movieIds: movieIds, live: replies[0].int == 1, styleId: replies[1].string,
                              styleCached: style != nil && replies[2].int == 1)
    }
}

extension RedisPipelineStore {
    /// One script: the movie's state exists, the style is cached or the movie's own, then the claim.
    public func admitAndClaim(_ messageId: String, movie: MovieRef, owner: String, leaseSeconds: Int,
                              style: String?) async throws -> AdmittedClaim {
        let styleKey = style.map(PipelineKeys.style) ?? PipelineKeys.style("-")
        let reply = try await redis.eval(PipelineScripts.admitAndClaim,
                                         keys: [PipelineKeys.handled(movie), PipelineKeys.inFlight(messageId),
                                                PipelineKeys.movie(movie), PipelineKeys.starts(messageId), styleKey],
                                         arguments: [owner, String(leaseSeconds * 1000), messageId, style ?? ""])
        if case .integer(let starts) = reply { return .admitted(.claimed(starts: Int(starts))) }
        let items = reply.array
        if items.first?.string == "nostyle" {
            let own = items.count > 1 ? items[1].string ?? "" : ""
            return .styleUnknown(movieStyle: own.isEmpty ? nil : own)
        }
        switch reply.string {
        case "gone": return .movieGone
        case "done": return .admitted(.alreadyDone)
        case "busy": return .admitted(.inFlightElsewhere)
        default: throw StageError.transient("unexpected claim reply \(reply)")
        }
    }
}
