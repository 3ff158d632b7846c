# strongswan.m4 - locate configured strongSwan headers matching the installed charon
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# LM_STRONGSWAN
# -------------
# Options:
#   --with-charon=PATH               the charon daemon the plugin is built for
#   --with-strongswan-headers=DIR    a configured strongSwan source tree
#   --with-strongswan-cache=DIR      where prepared headers are cached
#   --with-plugindir=DIR             where the plugin is installed
#   --with-strongswan-confdir=DIR    the strongswan.d directory for the snippet
#   --with-swanctldir=DIR            the swanctl directory (default config file)
#   --with-piddir=DIR                directory of charon's sockets
# Substitutes STRONGSWAN_SRC, STRONGSWAN_CPPFLAGS, STRONGSWAN_LIBS,
# STRONGSWAN_VERSION, CHARON, plugindir, strongswanconfdir, swanctldir, piddir.
AC_DEFUN([LM_STRONGSWAN],
[
	AC_ARG_WITH([charon],
		[AS_HELP_STRING([--with-charon=PATH], [charon or charon-systemd to build for, never run (default: search /usr/lib/ipsec/charon, /usr/sbin/charon-systemd, /usr/libexec/ipsec, ...)])],
		[CHARON="$withval"], [CHARON=""])
	AC_ARG_WITH([strongswan-headers],
		[AS_HELP_STRING([--with-strongswan-headers=DIR], [configured strongSwan source tree of the installed version (default: prepare from the distribution source package)])],
		[STRONGSWAN_SRC="$withval"], [STRONGSWAN_SRC=""])
	AC_ARG_WITH([strongswan-cache],
		[AS_HELP_STRING([--with-strongswan-cache=DIR], [cache for prepared headers (default: /var/cache/strongswan-link-monitor)])],
		[lm_sw_cache="$withval"], [lm_sw_cache=""])

	AC_MSG_CHECKING([for the installed charon])
	if test -z "$CHARON"; then
		for lm_c in /usr/lib/ipsec/charon /usr/sbin/charon-systemd \
					/usr/libexec/ipsec/charon /usr/lib/strongswan/charon \
					/usr/libexec/strongswan/charon; do
			if test -x "$lm_c"; then
				CHARON="$lm_c"
				break
			fi
		done
	fi
	if test -z "$CHARON" || test ! -x "$CHARON"; then
		AC_MSG_RESULT([no])
		AC_MSG_ERROR([charon not found; install strongswan-charon or charon-systemd (Debian) or use --with-charon=PATH])
	fi
	AC_MSG_RESULT([$CHARON])

	AC_MSG_CHECKING([the version of $CHARON])
	STRONGSWAN_VERSION=`$srcdir/scripts/prepare-strongswan-headers --charon "$CHARON" --print-version 2>/dev/null`
	if test -z "$STRONGSWAN_VERSION"; then
		AC_MSG_RESULT([unknown])
		AC_MSG_ERROR([cannot read the version of $CHARON (its start-up line "(strongSwan X.Y.Z" is not in the binary)])
	fi
	AC_MSG_RESULT([$STRONGSWAN_VERSION])

	if test -z "$STRONGSWAN_SRC"; then
		AC_MSG_NOTICE([preparing strongSwan headers from the distribution source package (cached)])
		lm_sw_args="--charon $CHARON"
		if test -n "$lm_sw_cache"; then
			lm_sw_args="$lm_sw_args --cache $lm_sw_cache"
		fi
		STRONGSWAN_SRC=`$srcdir/scripts/prepare-strongswan-headers $lm_sw_args` || \
			AC_MSG_ERROR([preparing the strongSwan headers failed (see above); or use --with-strongswan-headers=DIR])
	fi

	AC_MSG_CHECKING([for configured strongSwan headers])
	if test ! -f "$STRONGSWAN_SRC/config.h" || \
	   test ! -f "$STRONGSWAN_SRC/src/libcharon/daemon.h" || \
	   test ! -f "$STRONGSWAN_SRC/src/libstrongswan/library.h"; then
		AC_MSG_RESULT([no])
		AC_MSG_ERROR([$STRONGSWAN_SRC is not a configured strongSwan source tree (config.h, src/libcharon/daemon.h missing)])
	fi
	AC_MSG_RESULT([$STRONGSWAN_SRC])

	AC_MSG_CHECKING([that the headers match charon $STRONGSWAN_VERSION])
	lm_sw_hdr_version=`sed -n 's/^#define VERSION "\(.*\)"/\1/p' "$STRONGSWAN_SRC/config.h"`
	if test "x$lm_sw_hdr_version" != "x$STRONGSWAN_VERSION"; then
		AC_MSG_RESULT([no])
		AC_MSG_ERROR([strongSwan headers in $STRONGSWAN_SRC are version $lm_sw_hdr_version, but $CHARON is $STRONGSWAN_VERSION: a plugin built against other headers crashes charon])
	fi
	AC_MSG_RESULT([yes])

	AC_MSG_CHECKING([for $CHARON's libcharon])
	lm_sw_libdir=`$srcdir/scripts/prepare-strongswan-headers --charon "$CHARON" --print-libdir 2>/dev/null`
	if test -z "$lm_sw_libdir"; then
		AC_MSG_RESULT([no])
		AC_MSG_ERROR([libcharon of $CHARON not found (neither in its RUNPATH, next to it, nor in /usr/lib/ipsec)])
	fi
	AC_MSG_RESULT([$lm_sw_libdir])

	AC_MSG_CHECKING([that the headers match charon's mediation (ME) setting])
	if grep -q mediation_manager_create "$lm_sw_libdir"/libcharon.so* 2>/dev/null; then
		lm_sw_me=yes
	else
		lm_sw_me=no
	fi
	if grep -q '^#define ME ' "$STRONGSWAN_SRC/config.h"; then
		lm_sw_hdr_me=yes
	else
		lm_sw_hdr_me=no
	fi
	if test "$lm_sw_me" != "$lm_sw_hdr_me"; then
		AC_MSG_RESULT([no])
		AC_MSG_ERROR([charon was built with mediation=$lm_sw_me but the headers in $STRONGSWAN_SRC with mediation=$lm_sw_hdr_me: reconfigure them with --enable-mediation or --disable-mediation])
	fi
	AC_MSG_RESULT([yes (mediation=$lm_sw_me)])

	STRONGSWAN_CPPFLAGS="-include $STRONGSWAN_SRC/config.h -I$STRONGSWAN_SRC/src/libstrongswan -I$STRONGSWAN_SRC/src/libcharon"
	STRONGSWAN_LIBS="-L$lm_sw_libdir -lcharon -lstrongswan"

	AC_ARG_WITH([plugindir],
		[AS_HELP_STRING([--with-plugindir=DIR], [charon plugin directory (default: DIR-OF-LIBCHARON/plugins)])],
		[plugindir="$withval"], [plugindir="$lm_sw_libdir/plugins"])
	AC_ARG_WITH([strongswan-confdir],
		[AS_HELP_STRING([--with-strongswan-confdir=DIR], [strongswan.d directory (default: /etc/strongswan.d)])],
		[strongswanconfdir="$withval"], [strongswanconfdir="/etc/strongswan.d"])
	AC_ARG_WITH([swanctldir],
		[AS_HELP_STRING([--with-swanctldir=DIR], [swanctl configuration directory (default: /etc/swanctl)])],
		[swanctldir="$withval"], [swanctldir="/etc/swanctl"])
	AC_ARG_WITH([piddir],
		[AS_HELP_STRING([--with-piddir=DIR], [directory of charon's sockets (default: /var/run)])],
		[piddir="$withval"], [piddir="/var/run"])

	AC_SUBST([CHARON])
	AC_SUBST([STRONGSWAN_SRC])
	AC_SUBST([STRONGSWAN_VERSION])
	AC_SUBST([STRONGSWAN_CPPFLAGS])
	AC_SUBST([STRONGSWAN_LIBS])
	AC_SUBST([plugindir])
	AC_SUBST([strongswanconfdir])
	AC_SUBST([swanctldir])
	AC_SUBST([piddir])
])
