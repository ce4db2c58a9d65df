package io.jvirt.driver.storage;

import java.io.IOException;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** The storage backends' errors: libvirt's codes in the STORAGE domain, with libvirt's wording. */
final class StorageErrors {

    private StorageErrors() {
    }

    static VirtException of(ErrorCode code, String message) {
        return new VirtException(code, ErrorDomain.STORAGE, message);
    }

    /** libvirt's virReportSystemError: "{message}: {the system's reason}". */
    static VirtException system(String message, IOException cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof java.nio.file.NoSuchFileException) {
            why = "No such file or directory";
        } else if (cause instanceof java.nio.file.FileAlreadyExistsException) {
            why = "File exists";
        } else if (cause instanceof java.nio.file.AccessDeniedException) {
            why = "Permission denied";
        } else if (cause instanceof java.nio.file.DirectoryNotEmptyException) {
            why = "Directory not empty";
        }
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE, message + ": " + why, cause);
    }

    /** libvirt's VIR_EXCLUSIVE_FLAGS_RET in the backends' build functions (dir, fs, logical). */
    static void refuseBothBuildFlags(boolean overwrite, boolean noOverwrite) {
        if (overwrite && noOverwrite) {
            throw of(ErrorCode.INVALID_ARG, "Flags 'VIR_STORAGE_POOL_BUILD_OVERWRITE' and "
                + "'VIR_STORAGE_POOL_BUILD_NO_OVERWRITE' are mutually exclusive");
        }
    }
}
