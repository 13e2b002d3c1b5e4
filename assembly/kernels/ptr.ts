// Pointer types of the core's exported signatures. Each is a plain usize (an i32 wasm
// parameter); the names say what the address holds, for readers and for the code generator
// of the TypeScript bindings, which maps each alias to the matching typed view of memory.

/** Address of float32 data in the core's memory. */ export type F32Ptr = usize;
/** Address of float64 data. */ export type F64Ptr = usize;
/** Address of int32 data. */ export type I32Ptr = usize;
/** Address of float32 data, or 0 for none (e.g. GEMM's optional bias). */ export type F32PtrOrNull = usize;
