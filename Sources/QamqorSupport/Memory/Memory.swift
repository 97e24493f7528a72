/// The support layer's performance code: byte scans, byte sinks and parallel slices. Everything
/// here that handles raw memory or calls the C library for speed lives in this folder (or in
/// `QamqorCore/Memory/`, for records and values), and nowhere else in any target
/// (`MemoryContainmentTests`).
///
/// Outside these folders, code may only *read* bytes through an `UnsafeBufferPointer<UInt8>`
/// handed to a closure (`withUnsafeBufferPointer`, ``JSONBytes/withBytes(_:)``) and must not keep
/// it after the closure returns.
///
/// ## Who owns what
/// - **Output bytes** (``LineBytes`` in `ByteSink.swift`, ``JSONBytes``, ``DirectFileWriter``): memory of their
///   own, freed once by their owner; `put` writes only into room made by `reserve`.
/// - **Parallel results** (``SendableBuffer`` in `Parallel.swift`): each worker writes only the indices of the ranges
///   it took; the buffer outlives the workers (`concurrentPerform` returns after all of them).
/// - **Whole files** (`FileBytes.swift`): write from and read into arrays their callers own, within
///   the arrays' bounds, during the call.
/// - **Byte scans** (``ByteScan``, ``UTF8Check``): own nothing; they read (and ``ByteScan`` fills)
///   buffers borrowed for the call, within the bounds they are given.
/// - **Decimal text** (``DecimalText``): writes into a buffer on its own stack frame, within its
///   64 bytes (longer padding is added as a string after), and returns a string made from it.
///
/// ## When a borrowed value may be read
/// A byte buffer handed to a closure may be read only within that closure.
///
/// ## Debug checks
/// Debug builds (`swift build`, `swift test`) check with `assert` that `put` stays within the
/// room `reserve` made and that byte scans stay inside their buffer.
