package io.jenkins.plugins.odoorelease.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes addons trees for tests: module folders with a manifest, Python files and migration scripts. */
public final class AddonTree {

    private final Path root;

    private AddonTree(Path root) {
        this.root = root;
    }

    /** Starts an addons path at {@code root}, creating the folder. */
    public static AddonTree at(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AddonTree(root);
    }

    public Path root() {
        return root;
    }

    /** Writes {@code <name>/__init__.py} and {@code <name>/__manifest__.py} with the given text, and returns the module folder. */
    public Path module(String name, String manifest) {
        Path module = root.resolve(name);
        write(module.resolve("__init__.py"), "");
        write(module.resolve("__manifest__.py"), manifest);
        return module;
    }

    /**
     * Writes a typical manifest for a module: name, version, depends and license, and optionally more entries as
     * Python text, such as {@code "'auto_install': True,"}.
     */
    public Path module(String name, String version, String depends, String more) {
        return module(name, """
                # -*- coding: utf-8 -*-
                {
                    'name': '%s',
                    'version': '%s',
                    'depends': [%s],
                    'license': 'LGPL-3',
                    %s
                }
                """.formatted(name, version, depends, more == null ? "" : more));
    }

    /** Writes a migration script {@code <module>/<kind>/<version>/<file>} with a {@code migrate(cr, version)} function. */
    public Path script(String module, String kind, String version, String file) {
        return write(root.resolve(module).resolve(kind).resolve(version).resolve(file), """
                def migrate(cr, version):
                    cr.execute("SELECT 1")
                """);
    }

    /** Writes a file relative to the addons path. */
    public Path file(String relative, String content) {
        return write(root.resolve(relative), content);
    }

    /** Writes a file with exactly these bytes. */
    public static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, String content) {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }
}
