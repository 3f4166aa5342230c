package io.jenkins.plugins.odoorelease.image;

import io.jenkins.plugins.odoorelease.common.InvalidInputException;
import java.util.List;

/** Reads and checks the modules of the addons paths for one Odoo series. */
@FunctionalInterface
interface ImageAddonsReader {

    /**
     * Reads every module of every addons path. Problems become findings with severity error, so that the build stops
     * before anything is pushed.
     *
     * @throws InvalidInputException when an addons path cannot be read at all
     * @param series the series every module must belong to, such as {@code 17.0}
     */
    ImageAddons read(List<AddonsSource> addons, String series) throws InvalidInputException;
}
