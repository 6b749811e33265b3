/// The deterministic id of every pipeline message, derived from what the message means: a duplicate of a message
/// (a redelivery, a republished copy from `dreamframe repair`) carries the same id wherever it was built, so every
/// stage recognises it.
public enum MessageId {
    /// `<run>/<movie>/plot`: write the movie's plot.
    public static func writePlot(_ movie: MovieRef) -> String { "\(movie)/plot" }
    /// `<run>/<movie>/s<s>`: expand substory `s`.
    public static func expandSubstory(_ movie: MovieRef, substory s: Int) -> String { "\(movie)/s\(s)" }
    /// `<run>/<movie>/s<s>/t<t>`: expand tinystory `t` of substory `s`; also the claimant of the story fan-in.
    public static func expandTinystory(_ movie: MovieRef, substory s: Int, tinystory t: Int) -> String {
        "\(movie)/s\(s)/t\(t)"
    }
    /// `<run>/<movie>/style`: learn (or take) the movie's style and release its renders.
    public static func learnStyle(_ movie: MovieRef) -> String { "\(movie)/style" }
    /// `<run>/<movie>/style/recheck-<n>`: a parked movie's `n`-th look at the style again.
    public static func styleRecheck(_ movie: MovieRef, _ n: Int) -> String { "\(movie)/style/recheck-\(n)" }
    /// `<run>/<movie>/style-ready`: wake a movie parked on a style.
    public static func styleReady(_ movie: MovieRef) -> String { "\(movie)/style-ready" }
    /// `<run>/<movie>/f<index>`: render frame `index` (1-based); also the claimant of the frame fan-in.
    public static func renderFrame(_ movie: MovieRef, index: Int) -> String { "\(movie)/f\(index)" }
    /// `<run>/<movie>/validate`: validate the movie and write its record.
    public static func validateMovie(_ movie: MovieRef) -> String { "\(movie)/validate" }
}

extension MessageId {
    /// The id `envelope`'s content derives — the only id a message of that content ever carries.
    public static func derived(from envelope: Envelope) -> String {
        let movie = envelope.movie
        switch envelope.body {
        case .writePlot: return writePlot(movie)
        case .expandSubstory(let m): return expandSubstory(movie, substory: m.request.substory.index)
        case .expandTinystory(let m):
            return expandTinystory(movie, substory: m.substoryIndex, tinystory: m.request.tinystory.index)
        case .learnStyle(let m): return m.recheck.map { styleRecheck(movie, $0) } ?? learnStyle(movie)
        case .styleReady: return styleReady(movie)
        case .renderFrame(let m): return renderFrame(movie, index: m.index)
        case .validateMovie: return validateMovie(movie)
        }
    }
}
