#pragma once

#include <span>

namespace plenary {

// Fills `out` with random bytes from the operating system (getrandom(2)), for the many small
// draws of salts and receipts. They come from a buffer of the calling thread's, refilled 4 KiB
// at a time: on this project's virtual machines a system call costs microseconds, and one
// getrandom call a receipt was a tenth of an import's system calls. Bytes leave the buffer once
// and are wiped as they go. Aborts, as libsodium does, if the kernel gives no randomness.
void RandomBytes(std::span<unsigned char> out);

}  // namespace plenary
