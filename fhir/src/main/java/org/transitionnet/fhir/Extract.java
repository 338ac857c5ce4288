package org.transitionnet.fhir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import keeps of an export: one row per extracted measurement and per medication event of
 * the task's codes, in growable primitive columns, plus one row per referenced patient. Nothing
 * else of a resource survives its line, so memory grows with the number of extracted tuples, not
 * with the size of the export.
 */
final class Extract {

  /** Where a tuple came from, so that a late-found problem (missing Patient) names the line. */
  final List<String> sources = new ArrayList<>();

  // Patients, indexed in order of first mention (by a Patient resource or by a reference).
  final Map<String, Integer> patientIndex = new HashMap<>();
  final List<String> patientIds = new ArrayList<>();
  long[] birthEpochDay = new long[64];
  String[] sex = new String[64];
  boolean[] patientSeen = new boolean[64];

  // Measurements.
  int measurements;
  int[] mPatient = new int[1024];
  int[] mVariable = new int[1024];
  long[] mTime = new long[1024];
  double[] mValue = new double[1024];
  String[] mId = new String[1024];

  // Medication events (orders and administrations).
  int events;
  int[] ePatient = new int[256];
  int[] eClass = new int[256];
  int[] eMedication = new int[256];
  long[] eTime = new long[256];
  double[] eDose = new double[256];
  String[] eDoseUnit = new String[256];
  String[] eFrequency = new String[256];
  String[] eRoute = new String[256];
  String[] eId = new String[256];

  // Every extracted resource's patient reference, to reject it if the Patient never comes.
  int references;
  int[] rPatient = new int[1024];
  int[] rSource = new int[1024];
  int[] rLine = new int[1024];

  void addReference(int patient, int source, int line) {
    if (references == rPatient.length) {
      int n = references * 2;
      rPatient = Arrays.copyOf(rPatient, n);
      rSource = Arrays.copyOf(rSource, n);
      rLine = Arrays.copyOf(rLine, n);
    }
    rPatient[references] = patient;
    rSource[references] = source;
    rLine[references] = line;
    references++;
  }

  /** Earliest onset (epoch seconds) per patient and condition, keyed patient * 1024 + condition. */
  final Map<Long, Long> conditionOnset = new HashMap<>();

  int source(String name) {
    int i = sources.indexOf(name);
    if (i >= 0) {
      return i;
    }
    sources.add(name);
    return sources.size() - 1;
  }

  /** The index of a patient id, allocated at first mention. */
  int patient(String id) {
    Integer i = patientIndex.get(id);
    if (i != null) {
      return i;
    }
    int n = patientIds.size();
    patientIds.add(id);
    patientIndex.put(id, n);
    if (n == birthEpochDay.length) {
      birthEpochDay = Arrays.copyOf(birthEpochDay, n * 2);
      sex = Arrays.copyOf(sex, n * 2);
      patientSeen = Arrays.copyOf(patientSeen, n * 2);
    }
    return n;
  }

  void definePatient(int p, long birthDay, String gender) {
    birthEpochDay[p] = birthDay;
    sex[p] = gender;
    patientSeen[p] = true;
  }

  void addMeasurement(int patient, int variable, long time, double value, String id) {
    if (measurements == mPatient.length) {
      int n = measurements * 2;
      mPatient = Arrays.copyOf(mPatient, n);
      mVariable = Arrays.copyOf(mVariable, n);
      mTime = Arrays.copyOf(mTime, n);
      mValue = Arrays.copyOf(mValue, n);
      mId = Arrays.copyOf(mId, n);
    }
    int i = measurements++;
    mPatient[i] = patient;
    mVariable[i] = variable;
    mTime[i] = time;
    mValue[i] = value;
    mId[i] = id;
  }

  void addEvent(
      int patient,
      int medicationClass,
      int medication,
      long time,
      double dose,
      String doseUnit,
      String frequency,
      String route,
      String id) {
    if (events == ePatient.length) {
      int n = events * 2;
      ePatient = Arrays.copyOf(ePatient, n);
      eClass = Arrays.copyOf(eClass, n);
      eMedication = Arrays.copyOf(eMedication, n);
      eTime = Arrays.copyOf(eTime, n);
      eDose = Arrays.copyOf(eDose, n);
      eDoseUnit = Arrays.copyOf(eDoseUnit, n);
      eFrequency = Arrays.copyOf(eFrequency, n);
      eRoute = Arrays.copyOf(eRoute, n);
      eId = Arrays.copyOf(eId, n);
    }
    int i = events++;
    ePatient[i] = patient;
    eClass[i] = medicationClass;
    eMedication[i] = medication;
    eTime[i] = time;
    eDose[i] = dose;
    eDoseUnit[i] = doseUnit;
    eFrequency[i] = frequency;
    eRoute[i] = route;
    eId[i] = id;
  }

  void addConditionOnset(int patient, int condition, long onset) {
    conditionOnset.merge(((long) patient << 10) | condition, onset, Math::min);
  }

  Long conditionOnset(int patient, int condition) {
    return conditionOnset.get(((long) patient << 10) | condition);
  }
}
