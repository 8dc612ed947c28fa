import Testing

/// The suites that move tens to hundreds of MiB (streamed bodies, transfers) and measure the test
/// process's resident memory: they run one after another, so that one suite's buffers never count
/// in another's measurement. (Other suites still run beside them; the bounds leave room for that.)
@Suite(.serialized) enum LargeData {}
