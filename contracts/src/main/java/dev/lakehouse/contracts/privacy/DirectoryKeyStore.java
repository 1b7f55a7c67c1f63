package dev.lakehouse.contracts.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Wrapped data keys as files of mode 600 in a folder of mode 700, named by a digest of the subject (a subject is
 * whatever a record's key says, so it never becomes a path). Written to a temporary file and moved into place
 * without replacing, so concurrent writers agree on one key.
 */
public final class DirectoryKeyStore implements WrappedKeyStore {

    private final Path dir;

    public DirectoryKeyStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public Optional<byte[]> read(String subject) {
        try {
            return Optional.of(Files.readAllBytes(file(subject)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a data key in " + dir, e);
        }
    }

    @Override
    public byte[] putIfAbsent(String subject, byte[] wrapped) {
        Path target = file(subject);
        try {
            ensureDir(dir);
            Path tmp = privateTempFile(dir);
            Files.write(tmp, wrapped);
            try {
                Files.move(tmp, target);
                return wrapped;
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
                return Files.readAllBytes(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a data key in " + dir, e);
        }
    }

    @Override
    public boolean delete(String subject) {
        try {
            return Files.deleteIfExists(file(subject));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete a data key in " + dir, e);
        }
    }

    @Override
    public String describe() {
        return "folder " + dir;
    }

    Path file(String subject) {
        return dir.resolve(digest(subject) + ".dek");
    }

    static String digest(String subject) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void ensureDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (posix()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    static Path privateTempFile(Path dir) throws IOException {
        Path tmp = Files.createTempFile(dir, ".key-", ".tmp");
        if (posix()) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        return tmp;
    }

    /** Refuses a key file others may read: a copy of it is a copy of every key it protects. */
    static void requirePrivate(Path file) throws IOException {
        if (!posix()) {
            return;
        }
        var perms = Files.getPosixFilePermissions(file);
        if (perms.stream().anyMatch(p -> p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE)) {
            throw new IllegalStateException("the key file " + file + " may be read by others ("
                    + PosixFilePermissions.toString(perms) + "): chmod 600 " + file);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
