/*
 * bcryptprimitives.dll for Wine 8, which lacks it: Rust's standard library (1.78 and later)
 * takes its random numbers from ProcessPrng there, and a Windows program cannot start
 * without it. Windows itself has had it since Windows 10. scripts/cross/wine-run builds
 * this with mingw into the Wine prefix; it is never part of a release.
 */
#include <windows.h>

/* RtlGenRandom, Wine's (and Windows') CSPRNG, exported by advapi32 under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
