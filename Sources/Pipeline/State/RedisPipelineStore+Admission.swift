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
